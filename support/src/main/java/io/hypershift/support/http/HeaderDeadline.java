package io.hypershift.support.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.EventsHandler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose next request's headers have not all arrived within the deadline: armed when the
 * connection opens (so a TLS handshake counts too) and when a response completes, disarmed when a request reaches the
 * handlers. Jetty's idle timeout restarts with every byte, so on its own it lets a client that drips one byte at a
 * time hold a connection for ever.
 */
final class HeaderDeadline extends EventsHandler implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    private final Scheduler scheduler;
    private final long timeoutMillis;
    private final Map<Connection, Scheduler.Task> armed = new ConcurrentHashMap<>();

    HeaderDeadline(Scheduler scheduler, long timeoutMillis) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void onOpened(Connection connection) {
        // the HTTP connection on top of TLS opens with it: the deadline is kept on that one only
        if (!(connection instanceof SslConnection)) {
            arm(connection);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        disarm(connection);
    }

    @Override
    protected void onBeforeHandling(Request request) {
        disarm(request.getConnectionMetaData().getConnection());
    }

    @Override
    protected void onComplete(Request request, Throwable failure) {
        Connection c = request.getConnectionMetaData().getConnection();
        if (c.getEndPoint().isOpen() && request.getConnectionMetaData().isPersistent()) {
            arm(c);
        }
    }

    /** Connections waiting for their headers now. */
    int armed() {
        return armed.size();
    }

    private void arm(Connection c) {
        Scheduler.Task task = scheduler.schedule(() -> expire(c), timeoutMillis, TimeUnit.MILLISECONDS);
        Scheduler.Task old = armed.put(c, task);
        if (old != null) {
            old.cancel();
        }
    }

    private void disarm(Connection c) {
        Scheduler.Task t = armed.remove(c);
        if (t != null) {
            t.cancel();
        }
    }

    private void expire(Connection c) {
        if (armed.remove(c) != null) {
            LOG.debug("closing {}: no complete request headers within {} ms", c.getEndPoint().getRemoteSocketAddress(),
                    timeoutMillis);
            c.getEndPoint().close();
        }
    }
}

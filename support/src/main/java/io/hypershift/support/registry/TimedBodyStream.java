package io.hypershift.support.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} with a read timeout and a total deadline: a {@code read} that waits
 * longer than the timeout for the next chunk fails with {@link HttpTimeoutException} (the JDK client's own timeout
 * stops at the headers), and so does any {@code read} after the deadline, however steadily the data comes. It asks
 * for one chunk at a time, so at most one chunk is buffered.
 */
final class TimedBodyStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    private final Duration timeout;
    private final DeadlineExceededException.Cutoff cutoff;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> chunk = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean done;
    private boolean closed;

    TimedBodyStream(Duration timeout, DeadlineExceededException.Cutoff cutoff) {
        this.timeout = timeout;
        this.cutoff = cutoff;
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration timeout, DeadlineExceededException.Cutoff cutoff) {
        return info -> new TimedBodyStream(timeout, cutoff);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /** Makes {@code current} a buffer with bytes left, or returns false at the end of the body. */
    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (chunk.hasNext()) {
                current = chunk.next();
                continue;
            }
            if (done) {
                return false;
            }
            if (closed) {
                throw new IOException("stream closed");
            }
            if (cutoff.passed()) {
                close();
                throw cutoff.exceeded("while reading the response body");
            }
            Object next;
            try {
                next = queue.poll(Math.min(timeout.toMillis(), cutoff.remainingMillis() + 1), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new java.io.InterruptedIOException("interrupted while reading a registry response");
            }
            if (next == null && cutoff.passed()) {
                close();
                throw cutoff.exceeded("while reading the response body");
            }
            if (next == null) {
                close();
                throw new HttpTimeoutException("no data from the registry for " + timeout.toMillis() + " ms");
            }
            if (next == END) {
                done = true;
            } else if (next instanceof Throwable t) {
                done = true;
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            } else {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> list = (List<ByteBuffer>) next;
                chunk = list.iterator();
                subscription.request(1);
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null && !done) {
                s.cancel();
            }
        }
    }
}

package io.hypershift.support.http;

import io.hypershift.support.cli.UserInputException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A listen address as controller-runtime writes it: {@code :8080} (all interfaces), {@code 127.0.0.1:8080},
 * {@code [::1]:8080}, or {@code 0} to turn the endpoint off.
 */
public final class BindAddress {
    private BindAddress() {}

    /**
     * @param flag names the flag in the error message
     * @return empty when the value is {@code 0} (endpoint disabled)
     * @throws UserInputException for anything else that is not {@code [host]:port}
     */
    public static Optional<InetSocketAddress> parse(String value, String flag) {
        String v = value == null ? "" : value.strip();
        if (v.equals("0")) {
            return Optional.empty();
        }
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new UserInputException(flag + ": \"" + v + "\" is not [host]:port (or 0 to disable)");
        }
        String host = v.substring(0, colon);
        String portText = v.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new UserInputException(flag + ": port \"" + portText + "\" is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new UserInputException(flag + ": port " + port + " is out of range");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return Optional.of(host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
    }
}

package dev.bulwark.server;

import dev.bulwark.core.BulwarkException.Kind;

/** Where the server listens: {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (every interface). */
public record Listen(String host, int port) {
    public Listen {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a listen host is needed (0.0.0.0 for every interface)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("a port is 0 to 65535: " + port);
        }
    }

    public static Listen parse(String value) throws ServerException {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon < 0) {
            throw bad(value);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw bad(value);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad(value);
        }
        if (port < 0 || port > 65_535) {
            throw bad(value);
        }
        return new Listen(host.isEmpty() ? "0.0.0.0" : host, port);
    }

    private static ServerException bad(String value) {
        return new ServerException(Kind.BAD_INPUT, "cannot listen on '" + value + "': give HOST:PORT, [IPV6]:PORT or "
                + ":PORT (port 0 picks a free one)");
    }
}

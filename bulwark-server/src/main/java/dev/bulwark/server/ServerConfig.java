package dev.bulwark.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@code bulwark serve} runs: where it listens, its TLS certificate and key (both or neither), whether reads
 * need no token, and its limits — the largest request body, and each caller's request rate (a bucket of
 * {@code rateBurst} refilled at {@code ratePerSecond}) — and whether the dashboard's session cookie is marked Secure
 * even without TLS here, as it must be behind a proxy that serves HTTPS ({@code secureCookies}; never guessed from
 * request headers, which any client can send).
 */
public record ServerConfig(Listen listen, Path tlsCert, Path tlsKey, boolean allowAnonymousRead, long maxBodyBytes,
                           double ratePerSecond, int rateBurst, boolean secureCookies) {
    public static final long DEFAULT_MAX_BODY = 64 * 1024;
    public static final double DEFAULT_RATE = 50;
    public static final int DEFAULT_BURST = 100;

    public ServerConfig {
        Objects.requireNonNull(listen, "listen");
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("the body limit is 1 byte to 2 GiB: " + maxBodyBytes);
        }
        if (!(ratePerSecond > 0) || rateBurst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
    }

    /** Plain HTTP on {@code listen} with the default limits. */
    public static ServerConfig of(Listen listen) {
        return new ServerConfig(listen, null, null, false, DEFAULT_MAX_BODY, DEFAULT_RATE, DEFAULT_BURST, false);
    }

    public ServerConfig withTls(Path cert, Path key) {
        return new ServerConfig(listen, cert, key, allowAnonymousRead, maxBodyBytes, ratePerSecond, rateBurst,
                secureCookies);
    }

    public ServerConfig withAnonymousRead(boolean allow) {
        return new ServerConfig(listen, tlsCert, tlsKey, allow, maxBodyBytes, ratePerSecond, rateBurst,
                secureCookies);
    }

    public ServerConfig withRate(double perSecond, int burst) {
        return new ServerConfig(listen, tlsCert, tlsKey, allowAnonymousRead, maxBodyBytes, perSecond, burst,
                secureCookies);
    }

    /** Marks the session cookie Secure although this server speaks plain HTTP (it sits behind an HTTPS proxy). */
    public ServerConfig withSecureCookies(boolean secure) {
        return new ServerConfig(listen, tlsCert, tlsKey, allowAnonymousRead, maxBodyBytes, ratePerSecond, rateBurst,
                secure);
    }

    public boolean tls() {
        return tlsCert != null;
    }

    /** Whether the dashboard's session cookie is sent only over HTTPS: with TLS here, or when told so. */
    public boolean cookiesSecure() {
        return tls() || secureCookies;
    }
}

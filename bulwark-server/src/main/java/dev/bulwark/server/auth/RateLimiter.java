package dev.bulwark.server.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller: {@code burst} requests at once, refilled at {@code perSecond}. A caller is a token id,
 * or the client address when no valid token was given, so guessing tokens is limited too.
 */
public final class RateLimiter {
    /** Past this many callers, buckets that have refilled completely are forgotten (they hold no state). */
    private static final int MAX_CALLERS = 10_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private record Bucket(double tokens, long at) {
    }

    public RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one request from the caller's bucket: 0 when allowed, else the whole seconds until one is. */
    public long acquire(String caller) {
        long now = nanoTime.getAsLong();
        long[] wait = {0};
        buckets.compute(caller, (k, b) -> {
            double tokens = b == null ? burst : Math.min(burst, b.tokens() + (now - b.at()) / 1e9 * perSecond);
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now);
            }
            wait[0] = Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
            return new Bucket(tokens, now);
        });
        if (buckets.size() > MAX_CALLERS) {
            buckets.entrySet().removeIf(e -> e.getValue().tokens() + (now - e.getValue().at()) / 1e9 * perSecond >= burst);
        }
        return wait[0];
    }
}

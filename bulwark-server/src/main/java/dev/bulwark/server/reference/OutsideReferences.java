package dev.bulwark.server.reference;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Digest;
import dev.bulwark.server.ServerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The references the operator allowed, and what was read from them. Nothing is read at start: the first comparison
 * reads a reference on a background thread while the request waits at most {@code wait} (then it is told to come
 * back; the read goes on). What was read is kept per resolved digest and platforms, a few entries at most; a tag is
 * looked up again at most every {@link #RESOLVE_EVERY}; a failed read is answered as failed for
 * {@link #RETRY_AFTER} before it is tried again, so a dead registry is not asked on every page view.
 */
public final class OutsideReferences implements AutoCloseable {
    public static final Duration RESOLVE_EVERY = Duration.ofMinutes(10);
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    static final int KEEP = 6;

    private final Map<String, AllowedReference> allowed = new LinkedHashMap<>();
    private final ReferenceReader reader;
    private final Clock clock;
    private final Duration wait;
    private final ExecutorService pool;
    private final Map<String, Resolution> resolved = new HashMap<>();
    private final Map<String, ReferenceFacts> read = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Attempt> attempts = new HashMap<>();

    private record Resolution(Digest digest, Instant at) {
    }

    private record Attempt(CompletableFuture<ReferenceFacts> future, Instant started) {
    }

    private OutsideReferences(List<AllowedReference> references, ReferenceReader reader, Clock clock, Duration wait) {
        references.forEach(r -> allowed.put(r.name(), r));
        this.reader = reader;
        this.clock = clock;
        this.wait = wait;
        AtomicInteger n = new AtomicInteger();
        this.pool = references.isEmpty() ? null : Executors.newFixedThreadPool(2, task -> {
            Thread t = new Thread(task, "bulwark-reference-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** No reference allowed: comparisons are between catalogued builds only. */
    public static OutsideReferences none() {
        return new OutsideReferences(List.of(), null, Clock.systemUTC(), Duration.ZERO);
    }

    /** The references, read by {@code reader}; a name given twice is refused (exit 2 at start). */
    public static OutsideReferences of(List<AllowedReference> references, ReferenceReader reader, Clock clock,
            Duration wait) throws ServerException {
        Set<String> names = new TreeSet<>();
        for (AllowedReference r : references) {
            if (!names.add(r.name())) {
                throw new ServerException(Kind.BAD_INPUT, "cannot use --compare-with " + r.name() + "=" + r.shown()
                        + ": the name " + r.name() + " is given twice; give each reference its own name");
            }
        }
        return new OutsideReferences(references, reader, clock, wait);
    }

    public List<AllowedReference> allowed() {
        return List.copyOf(allowed.values());
    }

    public Optional<AllowedReference> find(String name) {
        return Optional.ofNullable(allowed.get(name));
    }

    /**
     * What {@code ref} holds for the Debian architectures {@code archs} (see {@link ReferenceReader#read}), from
     * memory when it was read at the digest it resolves to.
     */
    public ReferenceFacts facts(AllowedReference ref, Set<String> archs) throws ReferenceUnavailable {
        String platforms = String.join(",", new TreeSet<>(archs));
        String key = ref.name() + " " + platforms;
        Attempt attempt;
        synchronized (this) {
            ReferenceFacts known = known(ref, platforms);
            if (known != null) {
                return known;
            }
            attempt = attempts.get(key);
            Instant now = clock.instant();
            if (attempt == null || attempt.future().isDone()
                    && now.isAfter(attempt.started().plus(RETRY_AFTER))) {
                attempt = new Attempt(CompletableFuture.supplyAsync(() -> load(ref, archs, platforms), pool), now);
                attempts.put(key, attempt);
            }
        }
        return await(ref, attempt);
    }

    /** The facts kept for the digest {@code ref} resolved to lately, if any (the caller holds the lock). */
    private ReferenceFacts known(AllowedReference ref, String platforms) {
        Resolution r = resolved.get(ref.name());
        if (r == null || clock.instant().isAfter(r.at().plus(RESOLVE_EVERY))) {
            return null;
        }
        return read.get(r.digest() + " " + platforms);
    }

    private ReferenceFacts await(AllowedReference ref, Attempt attempt) throws ReferenceUnavailable {
        try {
            return attempt.future().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ReferenceUnavailable("reference " + ref.name() + " (" + ref.shown() + ") is still being read; "
                    + "try again in a few seconds", true, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : e.getCause();
            throw new ReferenceUnavailable("cannot compare with " + ref.name() + " (" + ref.shown() + "): "
                    + message(cause), false, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReferenceUnavailable("reference " + ref.name() + " was not read: the server is stopping", true, e);
        }
    }

    /** Runs on a pool thread: resolves the reference when that is due, reads it unless it was read at that digest. */
    private ReferenceFacts load(AllowedReference ref, Set<String> archs, String platforms) {
        try {
            Digest digest;
            synchronized (this) {
                Resolution r = resolved.get(ref.name());
                digest = r == null || clock.instant().isAfter(r.at().plus(RESOLVE_EVERY)) ? null : r.digest();
            }
            if (digest == null) {
                digest = reader.resolve(ref);
                synchronized (this) {
                    resolved.put(ref.name(), new Resolution(digest, clock.instant()));
                }
            }
            synchronized (this) {
                ReferenceFacts kept = read.get(digest + " " + platforms);
                if (kept != null) {
                    return kept;
                }
            }
            ReferenceFacts facts = reader.read(ref, digest, archs);
            synchronized (this) {
                read.put(digest + " " + platforms, facts);
                while (read.size() > KEEP) {
                    read.remove(read.keySet().iterator().next());
                }
                attempts.remove(ref.name() + " " + platforms);
            }
            return facts;
        } catch (BulwarkException e) {
            throw new CompletionException(e);
        }
    }

    private static String message(Throwable t) {
        if (t instanceof BulwarkException b && b.getMessage() != null) {
            String m = b.getMessage();
            return b.kind() == Kind.BAD_INPUT ? m + "; compare only with Debian images that Bulwark can read" : m;
        }
        return t == null ? "unknown failure" : t.toString();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

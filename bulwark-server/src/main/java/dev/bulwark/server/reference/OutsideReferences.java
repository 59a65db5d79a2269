package dev.bulwark.server.reference;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.text.Escape;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.transport.ImageSource;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The references the operator allowed, and what was read from them. Nothing is read at start: the first comparison
 * reads a reference on a background thread while the request waits at most {@code wait} (then it is told to come
 * back; the read goes on), and at most {@link #WAITERS} requests wait at once (the others are told to come back at
 * once). A read has {@code deadline} in all (else it is stopped and counts as failed). What was read is kept per
 * resolved digest and platforms, a few entries at most; a tag is looked up again at most every
 * {@link #RESOLVE_EVERY}; a failed read is answered as failed for {@link #RETRY_AFTER} after it ended before it is
 * tried again, so a dead registry is not asked on every page view. Users see a reference as
 * {@link AllowedReference#display()} and a failure's cause only when it is Bulwark's own message; the operator's log
 * gets each failure once, whole (escaped).
 */
public final class OutsideReferences implements AutoCloseable {
    public static final Duration RESOLVE_EVERY = Duration.ofMinutes(10);
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    /** How long one read of a reference may take in all. */
    public static final Duration DEADLINE = Duration.ofMinutes(2);
    /** How long a request waits for a read by default. */
    public static final Duration WAIT = Duration.ofSeconds(2);
    static final int KEEP = 6;
    static final int WAITERS = 8;

    private final Map<String, AllowedReference> allowed = new LinkedHashMap<>();
    private final ReferenceReader reader;
    private final Clock clock;
    private final Duration wait;
    private final Duration deadline;
    private final Consumer<String> log;
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;
    private final Semaphore waiters = new Semaphore(WAITERS);
    private final Map<String, Resolution> resolved = new HashMap<>();
    /** What was read, by digest and the platforms read (chosen by {@link ReferenceReader#platforms}). */
    private final Map<String, ReferenceFacts> read = new LinkedHashMap<>(16, 0.75f, true);
    /** For a digest and the platforms asked for, the key in {@link #read} of the platforms chosen for them. */
    private final Map<String, String> chosen = new HashMap<>();
    private final Map<String, Attempt> attempts = new HashMap<>();

    private record Resolution(Digest digest, Instant at) {
    }

    /** One read: its outcome, and when it ended (set before the outcome, so a done attempt has an end). */
    private static final class Attempt {
        final CompletableFuture<ReferenceFacts> future = new CompletableFuture<>();
        volatile Instant ended;

        boolean end(Clock clock, ReferenceFacts facts, Throwable failure) {
            if (future.isDone()) {
                return false;
            }
            ended = clock.instant();
            return failure == null ? future.complete(facts) : future.completeExceptionally(failure);
        }
    }

    private OutsideReferences(List<AllowedReference> references, ReferenceReader reader, Clock clock, Duration wait,
            Duration deadline, Consumer<String> log) {
        references.forEach(r -> allowed.put(r.name(), r));
        this.reader = reader;
        this.clock = clock;
        this.wait = wait;
        this.deadline = deadline;
        this.log = log;
        AtomicInteger n = new AtomicInteger();
        this.pool = references.isEmpty() ? null : Executors.newFixedThreadPool(2, task -> daemon(task,
                "bulwark-reference-" + n.incrementAndGet()));
        ScheduledThreadPoolExecutor t = references.isEmpty() ? null : new ScheduledThreadPoolExecutor(1,
                task -> daemon(task, "bulwark-reference-deadline"));
        if (t != null) {
            t.setRemoveOnCancelPolicy(true);
        }
        this.timers = t;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** No reference allowed: comparisons are between catalogued builds only. */
    public static OutsideReferences none() {
        return new OutsideReferences(List.of(), null, Clock.systemUTC(), Duration.ZERO, DEADLINE, line -> { });
    }

    /** The references, read by {@code reader}, each read given {@link #DEADLINE}. */
    public static OutsideReferences of(List<AllowedReference> references, ReferenceReader reader, Clock clock,
            Duration wait) throws ServerException {
        return of(references, reader, clock, wait, DEADLINE, line -> { });
    }

    /**
     * The references, read by {@code reader}, each read given {@code deadline}; each failure is told to {@code log}
     * (one line). A name given twice is refused (exit 2 at start).
     */
    public static OutsideReferences of(List<AllowedReference> references, ReferenceReader reader, Clock clock,
            Duration wait, Duration deadline, Consumer<String> log) throws ServerException {
        Set<String> names = new TreeSet<>();
        for (AllowedReference r : references) {
            if (!names.add(r.name())) {
                throw new ServerException(Kind.BAD_INPUT, "cannot use --compare-with " + r.name() + "=" + r.shown()
                        + ": the name " + r.name() + " is given twice; give each reference its own name");
            }
        }
        return new OutsideReferences(references, reader, clock, wait, deadline, log);
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
            if (attempt == null || attempt.future.isDone()
                    && clock.instant().isAfter(attempt.ended.plus(RETRY_AFTER))) {
                attempt = start(ref, archs, platforms);
                attempts.put(key, attempt);
            }
        }
        return await(ref, attempt);
    }

    /** Starts a read on the pool, stopped (interrupted) if it is not done by the deadline (the caller holds the lock). */
    private Attempt start(AllowedReference ref, Set<String> archs, String platforms) throws ReferenceUnavailable {
        Attempt attempt = new Attempt();
        Future<?> task = null;
        ScheduledFuture<?> timer;
        try {
            task = pool.submit(() -> {
                try {
                    attempt.end(clock, load(ref, archs, platforms), null);
                } catch (BulwarkException | RuntimeException e) {
                    attempt.end(clock, null, e);
                }
            });
            Future<?> started = task;
            timer = timers.schedule(() -> {
                if (attempt.end(clock, null, new ServerException(Kind.ENVIRONMENT, "reading it took longer than "
                        + describe(deadline) + "; it is tried again " + describe(RETRY_AFTER) + " later"))) {
                    started.cancel(true);
                }
            }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            if (task != null) {
                task.cancel(true);
            }
            throw stopping(ref, e); // closed meanwhile: the server is stopping
        }
        attempt.future.whenComplete((facts, failure) -> {
            timer.cancel(false);
            if (failure != null) {
                log.accept("bulwark serve: cannot compare with ref:" + ref.name() + " (" + Escape.text(ref.shown())
                        + "): " + Escape.text(failure instanceof BulwarkException && failure.getMessage() != null
                        ? failure.getMessage() : String.valueOf(failure)));
            }
        });
        return attempt;
    }

    /** The facts kept for the digest {@code ref} resolved to lately, if any (the caller holds the lock). */
    private ReferenceFacts known(AllowedReference ref, String platforms) {
        Resolution r = resolved.get(ref.name());
        if (r == null || clock.instant().isAfter(r.at().plus(RESOLVE_EVERY))) {
            return null;
        }
        String key = chosen.get(r.digest() + " " + platforms);
        return key == null ? null : read.get(key);
    }

    private ReferenceFacts await(AllowedReference ref, Attempt attempt) throws ReferenceUnavailable {
        boolean waiting = !attempt.future.isDone();
        if (waiting && !waiters.tryAcquire()) {
            throw pending(ref);
        }
        try {
            return attempt.future.get(waiting ? wait.toMillis() : 0, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw pending(ref);
        } catch (ExecutionException e) {
            throw new ReferenceUnavailable(message(ref, e.getCause()), false, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopping(ref, e);
        } finally {
            if (waiting) {
                waiters.release();
            }
        }
    }

    private static ReferenceUnavailable pending(AllowedReference ref) {
        return new ReferenceUnavailable("reference " + ref.name() + " (" + ref.display() + ") is still being read; "
                + "try again in a few seconds", true, null);
    }

    private static ReferenceUnavailable stopping(AllowedReference ref, Exception e) {
        return new ReferenceUnavailable("reference " + ref.name() + " was not read: the server is stopping", true, e);
    }

    /** Runs on a pool thread: resolves the reference when that is due, reads it unless it was read at that digest. */
    private ReferenceFacts load(AllowedReference ref, Set<String> archs, String platforms) throws BulwarkException {
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
        ImageSource source = reader.open(ref, digest);
        Map<String, Platform> platformsRead = ReferenceReader.platforms(source.platforms(), archs);
        String key = digest + " " + String.join(",", platformsRead.keySet());
        synchronized (this) {
            chosen.put(digest + " " + platforms, key);
            ReferenceFacts kept = read.get(key);
            if (kept != null) {
                attempts.remove(ref.name() + " " + platforms);
                return kept;
            }
        }
        ReferenceFacts facts = reader.read(ref, digest, source, platformsRead);
        synchronized (this) {
            read.put(key, facts);
            while (read.size() > KEEP) {
                read.remove(read.keySet().iterator().next());
            }
            chosen.values().removeIf(k -> !read.containsKey(k));
            attempts.remove(ref.name() + " " + platforms);
        }
        return facts;
    }

    private static String describe(Duration d) {
        return d.toSeconds() >= 60 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min"
                : d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** What users are told of a failed read: Bulwark's own message without local paths, else only where to look. */
    private static String message(AllowedReference ref, Throwable t) {
        if (t instanceof BulwarkException b && b.getMessage() != null) {
            String m = ref.hideLocal(b.getMessage());
            return "cannot compare with " + ref.name() + " (" + ref.display() + "): " + m
                    + (b.kind() == Kind.BAD_INPUT ? "; compare only with Debian images that Bulwark can read" : "");
        }
        return "cannot read reference " + ref.name() + " (see the server log)";
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            timers.shutdownNow();
        }
    }
}

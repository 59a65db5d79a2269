package dev.bulwark.builder.assemble;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Package jobs (spool a .deb, write its layer) run in parallel, all of them awaited whatever happens. */
final class ParallelJobs {

    private ParallelJobs() {
    }

    /**
     * Picks which job a free worker runs next (each index once). May block until {@code stop} is done (another job failed), and then answers -1; a job whose input failed
     * is picked too, so that it fails.
     */
    interface Picker {
        int next(CompletableFuture<?> stop) throws InterruptedException;
    }

    /**
     * The job whose input (its future) has arrived, the heaviest of those when several have; blocks until one has.
     * While inputs still arrive (a fetch running beside the assembly) no worker waits for one package while another's
     * file is already there.
     */
    static Picker firstReady(List<Long> weights, List<? extends CompletableFuture<?>> inputs) {
        if (inputs.size() != weights.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs for " + weights.size() + " jobs");
        }
        List<Integer> remaining = new ArrayList<>(byWeight(weights));
        return stop -> {
            while (true) {
                List<CompletableFuture<?>> waiting = new ArrayList<>();
                synchronized (remaining) {
                    if (remaining.isEmpty()) {
                        throw new IllegalStateException("every job was picked already");
                    }
                    for (java.util.Iterator<Integer> it = remaining.iterator(); it.hasNext(); ) {
                        int i = it.next();
                        if (inputs.get(i).isDone()) {
                            it.remove();
                            return i;
                        }
                        waiting.add(inputs.get(i));
                    }
                }
                if (stop.isDone()) {
                    return -1;
                }
                waiting.add(stop);
                try {
                    CompletableFuture.anyOf(waiting.toArray(CompletableFuture[]::new)).get();
                } catch (ExecutionException e) {
                    // that input failed: it is picked on the next pass, and its job reports it
                }
            }
        };
    }

    private static List<Integer> byWeight(List<Long> weights) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> weights.get(i)).reversed().thenComparing(i -> i));
        return order;
    }

    /** As {@link #all(ExecutorService, List, Picker, String, Runnable)}, heaviest {@code weights} first. */
    static <T> List<T> all(ExecutorService pool, List<Callable<T>> jobs, List<Long> weights, String failure,
            Runnable onFailure) throws BulwarkException {
        List<CompletableFuture<?>> ready = java.util.Collections.nCopies(weights.size(),
                CompletableFuture.completedFuture(null));
        return all(pool, jobs, firstReady(weights, ready), failure, onFailure);
    }

    /**
     * Runs the jobs on {@code pool}, each free worker taking the one {@code picker} gives, and returns their results
     * in the jobs' order. At the first failure {@code onFailure} runs (so jobs waiting for input can give up), the
     * jobs not yet started are skipped, and every started one is waited for (a cancelled future would not wait), so
     * no worker still writes into the work directory once the call returns. The failure reported is the first that
     * happened; one that is not a {@link BulwarkException} is reported as {@code failure}: the cause.
     */
    static <T> List<T> all(ExecutorService pool, List<Callable<T>> jobs, Picker picker, String failure,
            Runnable onFailure) throws BulwarkException {
        AtomicReference<Throwable> first = new AtomicReference<>();
        // Done at the first failure, so that no worker keeps waiting for an input (see Picker).
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Runnable failed = () -> {
            stop.complete(null);
            onFailure.run();
        };
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        AtomicReferenceArray<T> results = new AtomicReferenceArray<>(jobs.size());
        List<Future<?>> workers = new ArrayList<>();
        for (int n = 0; n < jobs.size(); n++) {
            workers.add(pool.submit(() -> {
                if (first.get() != null) {
                    return null;   // skipped: another job failed
                }
                try {
                    int i = picker.next(stop);
                    if (i >= 0 && first.get() == null) {
                        results.set(i, jobs.get(i).call());
                        ran.incrementAndGet();
                    }
                } catch (Exception | Error e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    if (first.compareAndSet(null, e)) {
                        failed.run();
                    }
                }
                return null;
            }));
        }
        boolean interrupted = false;
        for (Future<?> f : workers) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (ExecutionException e) {
                    break;   // a worker records its own failure
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the caller deletes the work directory once we return
                    if (first.compareAndSet(null, e)) {
                        failed.run();
                    }
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = first.get();
        if (cause instanceof BulwarkException be) {
            throw be;
        }
        if (cause != null) {
            throw new BuildException(Kind.ENVIRONMENT, failure + ": " + cause, cause);
        }
        if (ran.get() != jobs.size()) {
            throw new IllegalStateException(failure + ": " + ran.get() + " of " + jobs.size() + " jobs ran");
        }
        List<T> out = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            out.add(results.get(i));
        }
        return out;
    }
}

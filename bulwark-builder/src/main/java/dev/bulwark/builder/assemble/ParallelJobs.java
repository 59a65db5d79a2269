package dev.bulwark.builder.assemble;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/** Package jobs (spool a .deb, write its layer) run in parallel, all of them awaited whatever happens. */
final class ParallelJobs {

    private ParallelJobs() {
    }

    /**
     * Runs the jobs on {@code pool}, heaviest {@code weights} first, and returns their results in the jobs' order. At
     * the first failure {@code onFailure} runs (so jobs waiting for input can give up), the jobs not yet started are
     * skipped, and every started one is waited for (a cancelled future would not wait), so no worker still writes
     * into the work directory once the call returns. The failure reported is the first that happened; one that is
     * not a {@link BulwarkException} is reported as {@code failure}: the cause.
     */
    static <T> List<T> all(ExecutorService pool, List<Callable<T>> jobs, List<Long> weights, String failure,
            Runnable onFailure) throws BulwarkException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> weights.get(i)).reversed().thenComparing(i -> i));
        AtomicReference<Throwable> first = new AtomicReference<>();
        List<Future<T>> futures = new ArrayList<>(java.util.Collections.nCopies(jobs.size(), null));
        for (int i : order) {
            Callable<T> job = jobs.get(i);
            futures.set(i, pool.submit(() -> {
                if (first.get() != null) {
                    throw new Skipped();
                }
                try {
                    return job.call();
                } catch (Exception | Error e) {
                    if (first.compareAndSet(null, e)) {
                        onFailure.run();
                    }
                    throw e;
                }
            }));
        }
        List<T> results = new ArrayList<>();
        boolean interrupted = false;
        for (Future<T> f : futures) {
            while (true) {
                try {
                    results.add(f.get());
                    break;
                } catch (ExecutionException e) {
                    break;   // the job recorded its failure (or was skipped)
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the caller deletes the work directory once we return
                    if (first.compareAndSet(null, e)) {
                        onFailure.run();
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
        return results;
    }

    /** A job not run because another had failed. */
    private static final class Skipped extends Exception {
        Skipped() {
            super(null, null, false, false);
        }
    }
}

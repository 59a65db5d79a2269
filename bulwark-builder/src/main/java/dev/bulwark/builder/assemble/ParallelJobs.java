package dev.bulwark.builder.assemble;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Package jobs (spool a .deb, write its layer) run in parallel, all of them awaited whatever happens. */
final class ParallelJobs {

    private ParallelJobs() {
    }

    /**
     * Runs the jobs on {@code pool}, heaviest {@code weights} first, and returns their results in the jobs' order;
     * an unexpected failure is reported as {@code failure}: the cause. After a
     * failure the jobs not yet started are skipped; every started one is waited for (a cancelled future would not
     * wait), so no worker still writes into the work directory once the call returns.
     */
    static <T> List<T> all(ExecutorService pool, List<Callable<T>> jobs, List<Long> weights, String failure)
            throws BulwarkException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing((Integer i) -> weights.get(i)).reversed().thenComparing(i -> i));
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<T>> futures = new ArrayList<>(java.util.Collections.nCopies(jobs.size(), null));
        for (int i : order) {
            Callable<T> job = jobs.get(i);
            futures.set(i, pool.submit(() -> {
                if (failed.get()) {
                    throw new Skipped();
                }
                try {
                    return job.call();
                } catch (Exception | Error e) {
                    failed.set(true);
                    throw e;
                }
            }));
        }
        List<T> results = new ArrayList<>();
        Throwable first = null;
        boolean interrupted = false;
        for (Future<T> f : futures) {
            while (true) {
                try {
                    results.add(f.get());
                    break;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof Skipped) && first == null) {
                        first = e.getCause();
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the caller deletes the work directory once we return
                    failed.set(true);
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (first instanceof BulwarkException be) {
            throw be;
        }
        if (first != null) {
            throw new BuildException(Kind.ENVIRONMENT, failure + ": " + first, first);
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

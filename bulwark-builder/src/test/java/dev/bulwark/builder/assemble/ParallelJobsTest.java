package dev.bulwark.builder.assemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelJobsTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void firstReady_withEveryInputThere_picksHeaviestFirst() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        ParallelJobs.Picker picker = ParallelJobs.firstReady(List.of(5L, 30L, 10L), List.of(done(), done(), done()));
        assertThat(List.of(picker.next(never), picker.next(never), picker.next(never))).containsExactly(1, 2, 0);
        assertThatThrownBy(() -> picker.next(never)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void firstReady_waitsForAnInput_andTakesWhatArrivedBeforeHeavierOnes() throws Exception {
        CompletableFuture<Object> heavy = new CompletableFuture<>();
        CompletableFuture<Object> light = new CompletableFuture<>();
        CompletableFuture<Void> never = new CompletableFuture<>();
        ParallelJobs.Picker picker = ParallelJobs.firstReady(List.of(100L, 1L), List.of(heavy, light));
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> next(picker, never), pool);
        while (light.getNumberOfDependents() == 0) {   // the picker is parked on the inputs
            Thread.onSpinWait();
        }
        light.complete("in");
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> next(picker, never), pool);
        while (heavy.getNumberOfDependents() == 0) {
            Thread.onSpinWait();
        }
        heavy.completeExceptionally(new IllegalStateException("download failed"));   // a failed input is picked too
        assertThat(second.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void firstReady_blockedOnAnInput_givesUpWhenStopped() throws Exception {
        CompletableFuture<Object> pending = new CompletableFuture<>();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        ParallelJobs.Picker picker = ParallelJobs.firstReady(List.of(1L), List.of(pending));
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> next(picker, stop), pool);
        while (stop.getNumberOfDependents() == 0) {
            Thread.onSpinWait();
        }
        stop.complete(null);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void all_givesResultsInJobOrderWhateverOrderTheInputsArriveIn() throws Exception {
        List<CompletableFuture<Object>> inputs = List.of(new CompletableFuture<>(), new CompletableFuture<>(),
                new CompletableFuture<>());
        List<Callable<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            jobs.add(() -> "job" + n);
        }
        CompletableFuture<List<String>> results = CompletableFuture.supplyAsync(() -> {
            try {
                return ParallelJobs.all(pool, jobs, ParallelJobs.firstReady(List.of(3L, 2L, 1L), inputs), "cannot",
                        () -> { });
            } catch (dev.bulwark.core.BulwarkException e) {
                throw new IllegalStateException(e);
            }
        });
        inputs.get(2).complete("lightest first");
        inputs.get(1).complete("then");
        inputs.get(0).complete("heaviest last");
        assertThat(results.get(10, TimeUnit.SECONDS)).containsExactly("job0", "job1", "job2");
    }

    @Test
    void all_afterAFailure_waitsForTheStartedJob_releasesWaitingOnes_andReportsTheFirstFailure() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch abandoned = new CountDownLatch(1);
        AtomicBoolean stillRunning = new AtomicBoolean();
        ExecutorService three = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<Object> neverArrives = new CompletableFuture<>();
            List<Callable<String>> jobs = List.of(
                    () -> {
                        started.await();
                        throw new BuildException(Kind.BAD_INPUT, "first failure");
                    },
                    () -> {
                        stillRunning.set(true);
                        started.countDown();
                        abandoned.await();   // runs on past the failure, until onFailure has run
                        stillRunning.set(false);
                        throw new BuildException(Kind.ENVIRONMENT, "later failure");
                    },
                    () -> "never runs: its input never arrives");
            ParallelJobs.Picker picker = ParallelJobs.firstReady(List.of(3L, 2L, 1L), List.of(done(), done(), neverArrives));
            assertThatThrownBy(() -> ParallelJobs.all(three, jobs, picker, "cannot", abandoned::countDown))
                    .hasMessage("first failure");
            assertThat(stillRunning).as("the started job ended before all() returned").isFalse();
        } finally {
            three.shutdownNow();
        }
    }

    private static int next(ParallelJobs.Picker picker, CompletableFuture<?> stop) {
        try {
            return picker.next(stop);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<Object> done() {
        return CompletableFuture.completedFuture(null);
    }
}

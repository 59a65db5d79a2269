package dev.bulwark.builder.assemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
        List<CompletableFuture<?>> ready = List.of(done(), done(), done());
        ParallelJobs.Picker picker = ParallelJobs.firstReady(List.of(5L, 30L, 10L), ready);
        assertThat(List.of(picker.next(), picker.next(), picker.next())).containsExactly(1, 2, 0);
    }

    @Test
    void firstReady_picksWhatArrivedBeforeHeavierInputsStillOnTheirWay() throws Exception {
        CompletableFuture<Object> heavy = new CompletableFuture<>();
        CompletableFuture<Object> light = new CompletableFuture<>();
        ParallelJobs.Picker picker = ParallelJobs.firstReady(List.of(100L, 1L), List.of(heavy, light));
        light.complete("in");
        assertThat(picker.next()).isEqualTo(1);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
            try {
                return picker.next();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        heavy.completeExceptionally(new IllegalStateException("download failed"));   // a failed input is picked too
        assertThat(second.get()).isZero();
    }

    @Test
    void all_returnsResultsInJobOrder_andReportsTheFirstFailureAfterEveryStartedJobEnded() throws Exception {
        List<Callable<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            jobs.add(() -> "job" + n);
        }
        assertThat(ParallelJobs.all(pool, jobs, List.of(1L, 4L, 2L, 3L), "cannot", () -> { }))
                .containsExactly("job0", "job1", "job2", "job3");

        AtomicInteger running = new AtomicInteger();
        List<String> abandoned = Collections.synchronizedList(new ArrayList<>());
        List<Callable<String>> failing = List.of(
                () -> {
                    throw new BuildException(Kind.BAD_INPUT, "first failure");
                },
                () -> {
                    running.incrementAndGet();
                    Thread.sleep(50);
                    running.decrementAndGet();
                    throw new BuildException(Kind.ENVIRONMENT, "later failure");
                });
        assertThatThrownBy(() -> ParallelJobs.all(pool, failing, List.of(2L, 1L), "cannot", () -> abandoned.add("x")))
                .hasMessage("first failure");
        assertThat(running.get()).as("no job still runs once all() returned").isZero();
        assertThat(abandoned).containsExactly("x");
    }

    private static CompletableFuture<?> done() {
        return CompletableFuture.completedFuture(null);
    }
}

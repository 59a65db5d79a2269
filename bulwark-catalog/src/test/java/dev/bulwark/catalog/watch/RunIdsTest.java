package dev.bulwark.catalog.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunIdsTest {
    @Test
    void anEarlierAttemptOfTheSameRequest_doesNotStandInTheWayOfItsRetry() {
        assertThat(Watcher.sameRequest("worker-1-1", "worker-1-2")).isTrue();
        assertThat(Watcher.sameRequest("worker-12-3", "worker-12-4")).isTrue();
        assertThat(Watcher.sameRequest("watch-20261202T000000.000Z", "watch-20261202T000000.000Z")).isTrue();
    }

    @Test
    void anotherRequestOrAWatchCycle_isAnotherRun() {
        assertThat(Watcher.sameRequest("worker-1-1", "worker-11-1")).isFalse();
        assertThat(Watcher.sameRequest("worker-2-1", "worker-1-2")).isFalse();
        assertThat(Watcher.sameRequest("watch-20261202T000000.000Z", "worker-1-1")).isFalse();
        assertThat(Watcher.sameRequest("watch-20261202T000000.000Z", "watch-20261202T000100.000Z")).isFalse();
    }
}

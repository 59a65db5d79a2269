package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpenedCatalogTest {
    @Test
    void whileOneRequestWaitsOnAnUnansweringDatabase_othersAreAnsweredAtOnce_andAFailureIsReusedUntilRetry()
            throws Exception {
        List<CatalogException> reported = new CopyOnWriteArrayList<>();
        AtomicLong now = new AtomicLong();
        try (ServerSocket hole = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            // Connections are queued by the kernel and never answered: a database host that drops the conversation.
            CatalogLocation location = CatalogLocation.parse("postgresql://bulwark@127.0.0.1:" + hole.getLocalPort()
                    + "/catalog");
            OpenedCatalog.Opener opener = new OpenedCatalog.Opener(location, Duration.ofSeconds(1), Clock.systemUTC(),
                    reported::add, now::get);
            CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> {
                try {
                    opener.get();
                    return null;
                } catch (CatalogException e) {
                    return e;
                }
            });
            Thread.sleep(500);   // the first request is now waiting on the database

            assertThatThrownBy(opener::get).isInstanceOf(CatalogException.class).hasMessageContaining("being opened");
            assertThat(first).as("still waiting on the database").isNotDone();

            hole.close();   // the pending connection is reset: the first attempt fails now
            Throwable failure = first.get();
            assertThat(failure).isInstanceOf(CatalogException.class);
            assertThat(reported).containsExactly((CatalogException) failure);

            assertThatThrownBy(opener::get).as("answered from memory").isSameAs(failure);
            now.addAndGet(OpenedCatalog.RETRY.toNanos() + 1);
            assertThatThrownBy(opener::get).as("tried again").isInstanceOf(CatalogException.class).isNotSameAs(failure);
            assertThat(reported).hasSize(2);
        }
    }
}

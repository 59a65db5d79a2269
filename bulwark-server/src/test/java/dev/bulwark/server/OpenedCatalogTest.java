package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
    void theFirstOpenIsWaitedFor_butAfterAFailureOthersAreAnsweredAtOnceWhileOneRequestTriesAgain() throws Exception {
        List<CatalogException> reported = new CopyOnWriteArrayList<>();
        AtomicLong now = new AtomicLong();
        ServerSocket hole = blackHole(0);   // connections are queued by the kernel and never answered
        int port = hole.getLocalPort();
        OpenedCatalog.Opener opener = new OpenedCatalog.Opener(
                CatalogLocation.parse("postgresql://bulwark@127.0.0.1:" + port + "/catalog"), Duration.ofSeconds(1),
                Clock.systemUTC(), reported::add, now::get);

        CompletableFuture<Throwable> first = attempt(opener);
        Thread.sleep(300);
        CompletableFuture<Throwable> second = attempt(opener);
        Thread.sleep(300);
        assertThat(second).as("waits for the first open: there is no answer yet").isNotDone();

        hole.close();   // the queued connection is reset: the first attempt fails now, and the waiter with it
        Throwable failure = first.get();
        assertThat(failure).isInstanceOf(CatalogException.class);
        assertThat(second.get()).isSameAs(failure);
        assertThat(reported).containsExactly((CatalogException) failure);

        try (ServerSocket again = blackHole(port)) {
            now.addAndGet(OpenedCatalog.RETRY.toNanos() + 1);
            CompletableFuture<Throwable> retry = attempt(opener);
            Thread.sleep(300);
            assertThatThrownBy(opener::get).as("answered from memory while one request tries again")
                    .isSameAs(failure);
            assertThat(retry).isNotDone();
            again.close();
            assertThat(retry.get()).isInstanceOf(CatalogException.class).isNotSameAs(failure);
            assertThat(reported).hasSize(2);
        }
    }

    private static ServerSocket blackHole(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
        return s;
    }

    private static CompletableFuture<Throwable> attempt(OpenedCatalog.Opener opener) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                opener.get();
                return null;
            } catch (CatalogException e) {
                return e;
            }
        });
    }
}

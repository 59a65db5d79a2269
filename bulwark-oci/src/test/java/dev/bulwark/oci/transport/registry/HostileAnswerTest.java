package dev.bulwark.oci.transport.registry;

import com.sun.net.httpserver.HttpExchange;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Answers that never end or go silent: an error body is read to at most 64 KiB and then dropped, small answers
 * have a time limit, and a blob may take as long as it needs while bytes flow but fails when they stop.
 */
class HostileAnswerTest {
    static final byte[] LAYER = layer();
    static final Descriptor BLOB = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, LAYER);
    /** Short limits, so a test of each takes about a second. */
    static final Timeouts SHORT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void errorBody_endless_isCutAfter64KiB_andTheCallFailsWithItsStatus() throws Exception {
        CountDownLatch cut = new CountDownLatch(1);
        try (LoopbackServer registry = new LoopbackServer()) {
            registry.on("/v2/", ex -> endless(ex, 404, cut));

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                    () -> store(registry, Timeouts.standard()).blob(BLOB))
                    .isInstanceOf(RegistryException.class)
                    .hasMessage("cannot read blob " + BLOB.digest() + " from " + registry.host()
                            + "/app: the registry answered HTTP 404"));
            assertThat(cut.await(10, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
        }
    }

    @Test
    void unauthorizedBody_endless_isCut_andTheClientAuthenticates() throws Exception {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        try (LoopbackServer registry = new LoopbackServer()) {
            registry.on("/v2/", ex -> {
                if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                    endless(ex, 401, new CountDownLatch(1));
                } else {
                    LoopbackServer.answer(ex, 200, manifest);
                }
            });

            Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, manifest);
            RegistryStore store = new RegistryStore(new RegistryClient(registry.host(), false, new Credentials("u", "p"),
                    RetryPolicy.none()), "app", Progress.NONE, RegistryStore.DEFAULT_CHUNK);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(store.manifest(d)).isEqualTo(manifest));
        }
    }

    @Test
    void errorBody_thatGoesSilent_isGivenUpAfterTheAnswerLimit() throws Exception {
        try (LoopbackServer registry = new LoopbackServer()) {
            registry.on("/v2/", ex -> silentAfter(ex, 404, "{\"errors\":".getBytes(StandardCharsets.UTF_8), 0));

            assertTimeoutPreemptively(Duration.ofSeconds(8), () -> assertThatThrownBy(() -> store(registry, SHORT).blob(BLOB))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("the registry answered HTTP 404"));
        }
    }

    @Test
    void manifest_whoseHeadersNeverCome_failsAfterTheAnswerLimit() throws Exception {
        try (LoopbackServer registry = new LoopbackServer()) {
            registry.on("/v2/", ex -> sleep(20_000));

            Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, "{}".getBytes(StandardCharsets.UTF_8));
            assertTimeoutPreemptively(Duration.ofSeconds(8), () -> assertThatThrownBy(() -> store(registry, SHORT).manifest(d))
                    .isInstanceOf(RegistryException.class)
                    .hasMessage("cannot read manifest " + d.digest() + " from " + registry.host() + "/app: registry "
                            + registry.host() + " sent no answer within 1 second (1 attempt)"));
        }
    }

    @Test
    void blob_thatStallsMidway_failsAfterTheSilenceLimit() throws Exception {
        try (LoopbackServer registry = new LoopbackServer()) {
            registry.on("/v2/", ex -> silentAfter(ex, 200, Arrays.copyOf(LAYER, LAYER.length / 2), LAYER.length));

            assertTimeoutPreemptively(Duration.ofSeconds(8), () -> assertThatThrownBy(() -> {
                try (InputStream in = store(registry, SHORT).blob(BLOB)) {
                    in.readAllBytes();
                }
            }).isInstanceOf(IOException.class).hasMessage("registry " + registry.host()
                    + " went silent for 1 second in the middle of its answer; the connection was dropped"));
        }
    }

    @Test
    void blob_slowButSteady_isNotCutByTheAnswerLimit() throws Exception {
        Timeouts patient = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5));
        try (LoopbackServer registry = new LoopbackServer()) {
            registry.on("/v2/", ex -> {
                ex.sendResponseHeaders(200, LAYER.length);
                OutputStream out = ex.getResponseBody();
                int part = LAYER.length / 4;
                for (int i = 0; i < 4; i++) {
                    sleep(500);
                    out.write(LAYER, i * part, i == 3 ? LAYER.length - 3 * part : part);
                    out.flush();
                }
                ex.close();
            });

            try (InputStream in = store(registry, patient).blob(BLOB)) {
                assertThat(in.readAllBytes()).isEqualTo(LAYER);
            }
        }
    }

    /** Answers {@code status} with a chunked body that never ends; counts down {@code cut} when the client hangs up. */
    private static void endless(HttpExchange ex, int status, CountDownLatch cut) throws IOException {
        ex.sendResponseHeaders(status, 0);
        byte[] junk = new byte[16 << 10];
        Arrays.fill(junk, (byte) 'x');
        try (OutputStream out = ex.getResponseBody()) {
            while (true) {
                out.write(junk);
            }
        } catch (IOException hungUp) {
            cut.countDown();
        }
    }

    /** Answers {@code status}, sends {@code first} (of {@code length} announced bytes; 0: chunked), then nothing. */
    private static void silentAfter(HttpExchange ex, int status, byte[] first, long length) throws IOException {
        ex.sendResponseHeaders(status, length);
        ex.getResponseBody().write(first);
        ex.getResponseBody().flush();
        sleep(20_000);
        ex.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 100 kB: more than one buffer of the JDK's, so a body arrives in several parts. */
    private static byte[] layer() {
        byte[] b = new byte[100_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    private static RegistryStore store(LoopbackServer registry, Timeouts timeouts) {
        return new RegistryStore(new RegistryClient(registry.host(), false, null, RetryPolicy.none(), false, timeouts),
                "app", Progress.NONE, RegistryStore.DEFAULT_CHUNK);
    }
}

package dev.bulwark.oci.transport.registry;

import com.sun.net.httpserver.HttpServer;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RegistryStore#resolve} of a reference pinned by digest against an in-process registry that serves another
 * manifest than the one asked for: whether its HEAD says nothing (so the store GETs the body) or names another digest,
 * the pull fails as a digest mismatch instead of handing out the substitute.
 */
class RegistryStoreTest {
    private static final byte[] ASKED = manifest("asked");
    private static final byte[] SERVED = manifest("served");

    private HttpServer server;
    private final AtomicInteger gets = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void resolve_byDigest_whenHeadLacksTypeAndSizeAndTheBodyIsAnotherManifest_refusesIt() throws Exception {
        RegistryStore store = serve(SERVED, Map.of());
        String pinned = Digest.of(ASKED).toString();
        assertThatThrownBy(() -> store.resolve(pinned))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ENVIRONMENT))
                .hasMessageContaining("cannot resolve " + store + ":" + pinned)
                .hasMessageContaining("asked for " + pinned)
                .hasMessageContaining("sent " + Digest.of(SERVED));
    }

    @Test
    void resolve_byDigest_whenHeadNamesAnotherDigest_refusesIt() throws Exception {
        RegistryStore store = serve(SERVED, Map.of("Content-Type", MediaTypes.OCI_MANIFEST,
                "Content-Length", Integer.toString(SERVED.length), "Docker-Content-Digest", Digest.of(SERVED).toString()));
        String pinned = Digest.of(ASKED).toString();
        assertThatThrownBy(() -> store.resolve(pinned))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ENVIRONMENT))
                .hasMessageContaining("asked for " + pinned)
                .hasMessageContaining("sent " + Digest.of(SERVED) + " as its Docker-Content-Digest");
        assertThat(gets.get()).as("refused from the HEAD alone").isZero();
    }

    @Test
    void resolve_byDigest_whenHeadLacksTypeAndSizeAndTheBodyIsTheOneAskedFor_describesIt() throws Exception {
        RegistryStore store = serve(ASKED, Map.of());
        assertThat(store.resolve(Digest.of(ASKED).toString()))
                .contains(Descriptor.of(MediaTypes.OCI_MANIFEST, ASKED));
    }

    @Test
    void resolve_byTag_whenHeadLacksTypeAndSize_describesWhatCame() throws Exception {
        RegistryStore store = serve(SERVED, Map.of());
        assertThat(store.resolve("1")).contains(Descriptor.of(MediaTypes.OCI_MANIFEST, SERVED));
    }

    @Test
    void resolve_byMalformedDigest_isBadInput() throws Exception {
        RegistryStore store = serve(SERVED, Map.of());
        assertThatThrownBy(() -> store.resolve("sha256:abc"))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT))
                .hasMessageContaining("sha256:abc");
    }

    /**
     * A registry whose every manifest request answers {@code body} with {@code headers}; a HEAD sends the headers
     * alone (and no Content-Length unless the headers hold one), as some registries and proxies do.
     */
    private RegistryStore serve(byte[] body, Map<String, String> headers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", ex -> {
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (!head) {
                gets.incrementAndGet();
            }
            ex.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        return new RegistryStore(new RegistryClient("127.0.0.1:" + server.getAddress().getPort(), false, null,
                RetryPolicy.none()), "app", Progress.NONE, RegistryStore.DEFAULT_CHUNK);
    }

    private static byte[] manifest(String which) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"annotations\":{\"which\":\""
                + which + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}

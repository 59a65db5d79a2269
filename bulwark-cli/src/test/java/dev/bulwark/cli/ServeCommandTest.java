package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.bulwark.image.ImageSources;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code serve --compare-with}: checked before the server starts; nothing is read from the reference then. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Plain=oci:/x | the name 'Plain' is not a short slug",
            "plain | give NAME=REF",
            "plain=nohost | cannot parse image reference 'nohost'",
            "plain=docker://127.0.0.1:1/debian:bad tag! | cannot parse image reference",
            "plain=oci-archive:/x.tar | give oci:DIR:TAG, or give docker://HOST/REPO:TAG",
            "plain=docker-archive:/x.tar:img:1 | an archive would be unpacked again on every read"})
    void compareWith_aBadNameOrReference_exitsTwoBeforeServing(String option, String message) {
        CliRun r = CliRun.of("serve", "--listen", "127.0.0.1:0", "--catalog", dir.resolve("c.db").toString(),
                "--no-worker", "--compare-with", option);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("cannot use --compare-with " + option + ": ").contains(message);
        assertThat(r.out()).doesNotContain("serving");
    }

    @Test
    void compareWith_theSameNameTwice_exitsTwo() {
        CliRun r = CliRun.of("serve", "--listen", "127.0.0.1:0", "--catalog", dir.resolve("c.db").toString(),
                "--no-worker", "--compare-with", "plain=oci:/a", "--compare-with", "plain=oci:/b");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("the name plain is given twice");
    }

    @Test
    void help_explainsCompareWith() {
        CliRun r = CliRun.of("serve", "--help");
        assertThat(r.out()).contains("--compare-with=NAME=REF").contains("ref:NAME")
                .contains("bulwark serve --compare-with plain=docker://HOST/debian:trixie");
    }
    @Test
    void references_areReadWithoutCredsOrInsecure_onlyWithTheAuthFileEntryForTheirHost() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/v2/", ex -> {
            seen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"reg\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        registry.start();
        try {
            String host = "127.0.0.1:" + registry.getAddress().getPort();
            Path auth = Files.writeString(dir.resolve("auth.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\""
                    + b64("ref-user:ref-pass") + "\"},\"other.example\":{\"auth\":\"" + b64("x:y") + "\"}}}");
            ServeCommand serve = new ServeCommand();
            new CommandLine(serve).parseArgs("--creds", "ops:secret", "--insecure", "--authfile", auth.toString(),
                    "--compare-with", "plain=docker://" + host + "/debian:trixie");
            RegistryOptions options = serve.referenceRegistry();
            assertThat(options.insecure()).isFalse();
            assertThat(options.credentials()).isNull();
            assertThat(options.confinedAuth()).isTrue();
            assertThatThrownBy(() -> ImageSources.open(ImageReference.parse("docker://" + host + "/debian:trixie"),
                    options).root()).hasMessageContaining("401");
            assertThat(seen).isNotEmpty().doesNotContain("Basic " + b64("ops:secret"), "Basic " + b64("x:y"))
                    .contains("Basic " + b64("ref-user:ref-pass"));
        } finally {
            registry.stop(0);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

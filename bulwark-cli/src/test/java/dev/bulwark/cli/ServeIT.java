package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped jar's {@code bulwark serve}, with a token from {@code bulwark tokens create}, stopped by SIGTERM. */
class ServeIT {
    @TempDir
    Path dir;

    @Test
    void serve_answersTokenHolders_refusesOthers_andStopsOnSigterm() throws Exception {
        Path jar = Tools.projectRoot().resolve("bulwark-cli/target/bulwark.jar");
        if (!Files.isRegularFile(jar)) {
            Tools.missing("bulwark-cli/target/bulwark.jar (built by 'package')");
        }
        String db = dir.resolve("catalog.db").toString();
        CliRun created = CliRun.of("tokens", "create", "--role", "read", "--name", "it", "--catalog", db);
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = created.out().strip();
        assertThat(token).matches("bwk_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("created token it").contains("shown only this once");

        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", "--listen", "127.0.0.1:0", "--catalog", db))
                .redirectError(dir.resolve("serve.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as(Files.readString(dir.resolve("serve.err"))).startsWith("serving http://127.0.0.1:");
            URI api = URI.create(line.split(" ")[1]);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(api + "/images"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body().strip()).isEqualTo("[ ]");
            HttpResponse<String> no = http.send(HttpRequest.newBuilder(URI.create(api + "/images")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(no.statusCode()).isEqualTo(401);

            CliRun list = CliRun.of("tokens", "list", "--catalog", db);
            assertThat(list.out()).contains("it").contains("read").doesNotContain(token.substring(4));
            assertThat(list.out().lines().filter(l -> l.contains(" it ")).findFirst().orElse("")).doesNotContain("never");
            assertThat(CliRun.of("tokens", "revoke", "it", "--catalog", db).out()).contains("revoked token it");
            HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(api + "/images"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).isEqualTo(401);
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
        }
    }
}

package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.Pem;
import dev.bulwark.attest.keys.SigningKey;
import dev.bulwark.testkit.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark bump} on a real catalog: image {@code a} (libfoo1, tzdata) catalogued with {@code catalog add} over
 * the fake archive and published to a local docker-registry; a security update of libfoo1 fixing CVE-2099-2222
 * and CVE-2099-2223 lands and {@code watch --once} publishes build 2. A Kubernetes manifest pinned to build 1 is
 * behind ({@code --check} exits 1), is bumped to build 2 with the CVEs named, and is then current (exit 0).
 */
class BumpCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    WatchScenario scenario;
    LocalRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Tools.require("docker-registry");
        scenario = new WatchScenario(dir, dir.resolve("catalog.db").toString());
        registry = LocalRegistry.start(dir.resolve("registry"));
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void manifestPinnedToBuild1_isBehind_thenBumpedToBuild2WithTheCvesItFixes() throws Exception {
        Path spec = Files.writeString(dir.resolve("a.yaml"), "name: a\ndistribution: trixie\narchs: [amd64]\n"
                + "keyrings: [archive.gpg]\npackages: [libfoo1, tzdata]\n");
        String repo = registry.host() + "/a";
        CliRun add = scenario.run("catalog", "add", spec.toString(), "--publish", "docker://" + repo + ":1", "--insecure");
        assertThat(add.exitCode()).as(add.err()).isZero();
        String build1 = publishedDigest(1);
        Path manifest = dir.resolve("deploy.yaml");
        String pinned = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
                + "      containers:\n        - name: a\n          image: \"" + repo + ":1@" + build1 + "\"  # bumped by CI\n";
        Files.writeString(manifest, pinned);
        assertThat(scenario.read("bump", "--check", manifest.toString()).exitCode()).isZero();

        scenario.securityUpdate(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
        CliRun watch = scenario.run("watch", "--once", "--insecure");
        assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
        String build2 = publishedDigest(2);
        assertThat(build2).isNotEqualTo(build1);

        CliRun check = scenario.read("bump", "--check", manifest.toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
        assertThat(check.out()).contains(manifest + ": behind (1 behind, 0 current, 0 not from this catalog)")
                .contains("line 9: " + repo + ":1 (a) build 1 → build 2")
                .contains(build1 + " → " + build2)
                .contains("CVE-2099-2222 (foo)").contains("CVE-2099-2223 (foo)")
                .contains("1 reference(s) behind in 1 file(s)");
        assertThat(Files.readString(manifest)).isEqualTo(pinned);

        CliRun json = scenario.read("bump", "--dry-run", "--format", "json", manifest.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode change = JSON.readTree(json.out()).get("files").get(0).get("changes").get(0);
        assertThat(change.get("fromBuild").asInt()).isEqualTo(1);
        assertThat(change.get("toBuild").asInt()).isEqualTo(2);
        assertThat(change.get("tag").asText()).isEqualTo("1");

        CliRun bump = scenario.read("bump", manifest.toString());
        assertThat(bump.exitCode()).as(bump.out() + bump.err()).isZero();
        assertThat(bump.out()).contains(manifest + ": bumped").contains("bumped 1 reference(s)");
        assertThat(Files.readString(manifest)).isEqualTo(pinned.replace(build1, build2));
        CliRun after = scenario.read("bump", "--check", manifest.toString());
        assertThat(after.exitCode()).as(after.out()).isZero();
        assertThat(after.out()).contains("every reference is at its newest release");
    }

    @Test
    void withKey_aSignedReleaseBumps_anUnsignedOrWronglySignedDigestInAFeedIsRefused() throws Exception {
        Path spec = Files.writeString(dir.resolve("a.yaml"), "name: a\ndistribution: trixie\narchs: [amd64]\n"
                + "keyrings: [archive.gpg]\npackages: [libfoo1, tzdata]\n");
        String repo = registry.host() + "/a";
        CliRun add = scenario.run("catalog", "add", spec.toString(), "--publish", "docker://" + repo + ":1", "--insecure");
        assertThat(add.exitCode()).as(add.err()).isZero();
        String build1 = publishedDigest(1);
        scenario.securityUpdate(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
        CliRun watch = scenario.run("watch", "--once", "--insecure");
        assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
        String build2 = publishedDigest(2);
        SecureRandom random = new SecureRandom();
        Path pub = key(random, "release");
        Path attackerPub = key(random, "attacker");
        CliRun sign = CliRun.of("sign", repo + "@" + build2, "--key", dir.resolve("release.key").toString());
        assertThat(sign.exitCode()).as(sign.out() + sign.err()).isZero();
        Path feed = dir.resolve("feed.json");
        assertThat(scenario.read("catalog", "feed", "--output", feed.toString()).exitCode()).isZero();

        String pinned = "containers:\n  - name: a\n    image: " + repo + ":1@%s\n";
        Path manifest = Files.writeString(dir.resolve("deploy.yaml"), pinned.formatted(build1));
        CliRun signed = CliRun.of("bump", manifest.toString(), "--feed", feed.toString(), "--key", pub.toString());
        assertThat(signed.exitCode()).as(signed.out() + signed.err()).isZero();
        assertThat(signed.out()).contains("bumped 1 reference(s)").doesNotContain("unsigned check")
                .contains("build 2: watch: libfoo1 1.0-1+deb13u1 → 1.0-1+deb13u2");
        assertThat(Files.readString(manifest)).isEqualTo(pinned.formatted(build2));

        // a feed file changed in a pull request: the newest release now points at build 1, which the key never signed
        Path tampered = Files.writeString(dir.resolve("tampered.json"), Files.readString(feed).replace(build2, build1));
        CliRun unchecked = CliRun.of("bump", "--check", manifest.toString(), "--feed", tampered.toString());
        assertThat(unchecked.exitCode()).isEqualTo(1);
        assertThat(unchecked.out()).contains(build2 + " → " + build1).contains(BumpCommand.UNSIGNED);
        CliRun unsigned = CliRun.of("bump", manifest.toString(), "--feed", tampered.toString(), "--key", pub.toString());
        assertThat(unsigned.exitCode()).as(unsigned.out() + unsigned.err()).isEqualTo(1);
        assertThat(unsigned.out()).contains(manifest + ":3: cannot bump: refused to move " + repo + ":1@" + build2
                + " to " + build1 + ": no signature by " + pub).contains("1 file(s) refused");
        assertThat(Files.readString(manifest)).isEqualTo(pinned.formatted(build2));

        CliRun attackerSign = CliRun.of("sign", repo + "@" + build1, "--key", dir.resolve("attacker.key").toString());
        assertThat(attackerSign.exitCode()).as(attackerSign.err()).isZero();
        assertThat(CliRun.of("verify", repo + "@" + build1, "--key", attackerPub.toString()).exitCode()).isZero();
        CliRun wrongKey = CliRun.of("bump", manifest.toString(), "--feed", tampered.toString(), "--key", pub.toString());
        assertThat(wrongKey.exitCode()).as(wrongKey.out() + wrongKey.err()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("refused to move " + repo + ":1@" + build2 + " to " + build1)
                .contains("no valid signature for the key");
        assertThat(Files.readString(manifest)).isEqualTo(pinned.formatted(build2));
    }

    /** A key pair NAME.key (PKCS#8, no password) and NAME.pub; returns the public key's file. */
    private Path key(SecureRandom random, String name) throws Exception {
        SigningKey key = Keys.generate(random);
        Files.writeString(dir.resolve(name + ".key"), new Pem("PRIVATE KEY", key.privateKey().getEncoded()).encode());
        return Files.writeString(dir.resolve(name + ".pub"), Keys.encodePublic(key.publicKey()));
    }

    /** The digest build {@code n} of image a was published with at its moving tag. */
    private String publishedDigest(int n) throws Exception {
        JsonNode history = JSON.readTree(scenario.read("catalog", "history", "a", "--format", "json").out());
        for (JsonNode p : history.get("publications")) {
            if (p.get("build").asInt() == n && p.get("kind").asText().equals("moving")) {
                return p.get("digest").asText();
            }
        }
        throw new AssertionError("build " + n + " is not published: " + history);
    }
}

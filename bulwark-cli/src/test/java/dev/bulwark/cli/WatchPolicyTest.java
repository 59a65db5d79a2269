package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image's update policy, set with {@code catalog add --update-policy} or {@code catalog set}, as watch honours it. */
class WatchPolicyTest {
    @TempDir
    Path dir;
    WatchScenario scenario;

    @BeforeEach
    void start() throws Exception {
        scenario = new WatchScenario(dir, dir.resolve("catalog.db").toString());
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    @Test
    void alwaysUpdate_rebuildsForANonSecurityUpdate_whileTheSecurityPolicySkipsIt() throws Exception {
        assertThat(scenario.addImages()).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        CliRun set = scenario.read("catalog", "set", "c", "--update-policy", "always-update", "--format", "json");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(WatchCommandTest.JSON.readTree(set.out()).get("changed").asBoolean()).isTrue();
        assertThat(CustomizationWatchTest.JSON(scenario, "catalog", "show", "c").get("updatePolicy").asText())
                .isEqualTo("always-update");
        // d: catalogued with the policy on the command line; only tzdata (no CVE) will move for it.
        Path spec = Files.writeString(dir.resolve("d.yaml"), "name: d\ndistribution: trixie\narchs: [amd64]\n"
                + "keyrings: [archive.gpg]\npackages: [libbar1, tzdata]\n");
        CliRun add = scenario.run("catalog", "add", spec.toString(), "--publish", "oci:" + dir.resolve("out").resolve("d"),
                "--update-policy", "always-update");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(CustomizationWatchTest.JSON(scenario, "catalog", "show", "d").get("updatePolicy").asText())
                .isEqualTo("always-update");

        scenario.securityUpdate(Instant.now().minus(Duration.ofHours(1)));
        JsonNode run = CustomizationWatchTest.watch(scenario);
        Map<String, JsonNode> byImage = CustomizationWatchTest.byImage(run);
        for (String image : new String[] {"c", "d"}) {
            JsonNode i = byImage.get(image);
            assertThat(i.get("rule").asText()).as(image).isEqualTo("always-update");
            assertThat(i.get("reason").asText()).isEqualTo("policy always-update and 1 newer package(s): tzdata 2025b-4 "
                    + "→ 2025c-1 (trixie-updates)");
            assertThat(i.get("outcome").asText()).as(i.get("message").asText()).isEqualTo("published");
        }
        assertThat(Files.readString(dir.resolve("c.yaml.lock.json"))).contains("2025c-1");
        assertThat(byImage.get("a").get("rule").asText()).isEqualTo("security-fix");
        assertThat(run.get("rebuilt").asInt()).isEqualTo(4);

        CliRun back = scenario.read("catalog", "set", "c", "--update-policy", "security");
        assertThat(back.exitCode()).isZero();
        assertThat(back.out()).contains("c: update policy security");
        CliRun bad = scenario.read("catalog", "set", "c", "--update-policy", "sometimes");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("cannot set the update policy of c to 'sometimes': give security or always-update");
        CliRun unknown = scenario.read("catalog", "set", "nope", "--update-policy", "security");
        assertThat(unknown.exitCode()).isEqualTo(2);
    }
}

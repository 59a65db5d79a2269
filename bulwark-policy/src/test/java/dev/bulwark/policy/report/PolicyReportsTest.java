package dev.bulwark.policy.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.TestImages;
import dev.bulwark.policy.model.ImageModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check reports: SARIF validates against 2.1.0 (bulwark-scan's copy of the schema), JSON and table name failures. */
class PolicyReportsTest {
    /** The SARIF 2.1.0 schema bulwark-scan keeps in its test resources (its README says where it came from). */
    static final Path SARIF_SCHEMA = Path.of("../bulwark-scan/src/test/resources/sarif/sarif-2.1.0-rtm.5.json");

    @TempDir
    Path tmp;

    PolicyReport failing() throws Exception {
        PolicyEngine engine = new PolicyEngine(Clock.fixed(Instant.parse("2026-01-10T00:00:00Z"), ZoneOffset.UTC));
        Path policy = tmp.resolve("p.yaml");
        Files.writeString(policy, "rules:\n  no-shell: warn\nexceptions:\n  - { rule: no-setuid-files, subject: /usr/bin/su, "
                + "reason: login, expires: 2026-12-31 }\n");
        return engine.evaluate(engine.load(policy), ImageModels.of("fixture", TestImages.base().user("")
                .text("/usr/bin/bash", "x", 0755).file("/usr/bin/su", 04755, 0, 0, "x".getBytes())
                .text("/etc/evil\u001b[31m", "x", 0666).build(tmp)));
    }

    @Test
    void sarif_validatesAgainstTheSarif210Schema() throws Exception {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(SARIF_SCHEMA)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        JsonNode sarif = new ObjectMapper().readTree(PolicyReports.sarif(List.of(failing()), "0.1.0"));
        assertThat(schema.validate(sarif)).isEmpty();
        assertThat(sarif.at("/runs/0/results").findValuesAsText("ruleId"))
                .contains("non-root-user", "no-shell", "no-world-writable", "no-setuid-files");
        assertThat(sarif.at("/runs/0/results").findValues("suppressions")).hasSize(1);
    }

    @Test
    void table_escapesTextFromTheImage_andSummarises() throws Exception {
        String table = PolicyReports.table(List.of(failing()));
        assertThat(table).doesNotContain("\u001b").contains("/etc/evil\\x1b[31m");
        assertThat(table).contains("FAIL  non-root-user").contains("warn  no-shell").contains("(1 waived by exceptions)")
                .contains("FAILED: 2 rule(s) at deny, 1 warning(s)");
    }

    @Test
    void json_marksTheReportFailed() throws Exception {
        JsonNode json = new ObjectMapper().readTree(PolicyReports.json(List.of(failing())));
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("results").findValuesAsText("status")).contains("failed", "passed", "skipped");
    }
}

package dev.bulwark.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.vex.VexFilter;
import dev.bulwark.scan.vex.VexTest;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static ScanResult result() throws Exception {
        return VexFilter.apply(VexTest.scan(), List.of(VexTest.appTeam()));
    }

    @Test
    void sarif_validatesAgainstTheSarif210Schema() throws Exception {
        JsonSchema schema;
        try (InputStream in = ReportsTest.class.getResourceAsStream("/sarif/sarif-2.1.0-rtm.5.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        JsonNode sarif = MAPPER.readTree(SarifReport.render(result(), "0.1.0-test"));
        Set<ValidationMessage> problems = schema.validate(sarif);
        assertThat(problems).isEmpty();
        assertThat(sarif.path("runs").get(0).path("results")).hasSize(5);
        assertThat(sarif.path("runs").get(0).path("results").get(3).path("suppressions").get(0).path("kind").asText())
                .isEqualTo("external");
        assertThat(sarif.path("runs").get(0).path("tool").path("driver").path("rules")).hasSize(5);
    }

    @Test
    void sarif_brokenDocument_failsTheSchema() throws Exception {
        JsonSchema schema;
        try (InputStream in = ReportsTest.class.getResourceAsStream("/sarif/sarif-2.1.0-rtm.5.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        JsonNode bad = MAPPER.readTree("{\"version\": \"2.1.0\", \"runs\": [{\"results\": [{\"level\": \"fatal\"}]}]}");
        assertThat(schema.validate(bad)).isNotEmpty();
    }

    @Test
    void table_listsFindingsAndSuppressedWhenAsked() throws Exception {
        String table = TableReport.render(result(), true);
        assertThat(table).contains("PACKAGE").contains("libfoo1  1.0-1      CVE-2099-0005  high      vulnerable    1.0-1+deb12u2  bookworm-security")
                .contains("Suppressed by VEX:").contains("vulnerable_code_not_in_execute_path")
                .contains("3 findings");
        assertThat(TableReport.render(result(), false)).doesNotContain("Suppressed by VEX:");
    }

    @Test
    void json_carriesStatusFixAndSuppression() throws Exception {
        JsonNode json = MAPPER.readTree(JsonReport.render(result(), true));
        assertThat(json.path("summary").path("findings").asInt()).isEqualTo(3);
        JsonNode last = json.path("findings").get(2);
        assertThat(last.path("cve").asText()).isEqualTo("CVE-2099-0005");
        assertThat(last.path("fixSuite").asText()).isEqualTo("bookworm-security");
        assertThat(json.path("suppressed").get(1).path("justification").asText())
                .isEqualTo("vulnerable_code_not_in_execute_path");
    }

    @Test
    void cyclonedx_hasComponentsVulnerabilitiesAndAnalysis() throws Exception {
        JsonNode bom = MAPPER.readTree(CycloneDxReport.render(result(), "0.1.0-test"));
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("components").get(0).path("purl").asText())
                .isEqualTo("pkg:deb/debian/libfoo1@1.0-1?arch=amd64&distro=debian-12");
        assertThat(bom.path("vulnerabilities")).hasSize(5);
        JsonNode suppressed = bom.path("vulnerabilities").get(4);
        assertThat(suppressed.path("analysis").path("state").asText()).isEqualTo("not_affected");
        assertThat(suppressed.path("analysis").path("justification").asText()).isEqualTo("code_not_reachable");
        assertThat(suppressed.path("affects").get(0).path("ref").asText()).startsWith("pkg:deb/debian/libfoo1@");
    }

}

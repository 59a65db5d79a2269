package dev.bulwark.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.bulwark.image.components.Component;
import dev.bulwark.image.components.Ecosystem;
import dev.bulwark.image.components.ImageComponents;
import dev.bulwark.scan.ecosystem.ComponentAdvisories;
import dev.bulwark.scan.ecosystem.ComponentAdvisory;
import dev.bulwark.scan.ecosystem.ComponentMatcher;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.scan.advisory.Severity;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every report names the language components' findings and says which components were not checked. */
class ComponentReportsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ScanResult result() throws Exception {
        ScanResult base = ReportsTest.result();
        Component jar = new Component(Ecosystem.MAVEN, "org.example", "lib", "1.0", List.of(), "/app/app.jar!/lib/lib.jar", null);
        Component wheel = new Component(Ecosystem.PYPI, null, "requests", "2.31.0", List.of(), "/srv/requests.dist-info", null);
        ComponentAdvisories advisories = new ComponentAdvisories();
        advisories.add(new ComponentAdvisory(Ecosystem.MAVEN, "org.example:lib", "CVE-2024-9999", "GHSA-x", Severity.HIGH,
                List.of(List.of(new ComponentAdvisory.Event("introduced", "0"), new ComponentAdvisory.Event("fixed", "1.1"))),
                List.of(), "bad things"));
        ScanTarget target = base.target().withComponents(new ImageComponents(List.of(jar, wheel), List.of()));
        return new ScanResult(target, base.findings(), base.suppressed(), base.supportNotes(), base.advisorySources(),
                base.noEvidence(), ComponentMatcher.match(target.languageComponents(), advisories));
    }

    @Test
    void table_listsComponentFindingsAndWhatWasNotChecked() throws Exception {
        String table = TableReport.render(result(), false);

        assertThat(table).contains("Language components: 2 found, 1 findings, 1 not checked")
                .contains("pkg:maven/org.example/lib@1.0  CVE-2024-9999  high  fixed in 1.1  at /app/app.jar!/lib/lib.jar")
                .contains("Not checked: [1 PyPI]").contains("pkg:pypi/requests@2.31.0: no PyPI advisory data");
    }

    @Test
    void jsonSarifAndCycloneDx_carryTheFindingAndTheUncheckedComponent() throws Exception {
        ScanResult r = result();
        JsonNode json = MAPPER.readTree(JsonReport.render(r, false)).path("languageComponents");
        assertThat(json.path("findings").get(0).path("fixedVersion").asText()).isEqualTo("1.1");
        assertThat(json.path("notChecked").get(0).path("purl").asText()).isEqualTo("pkg:pypi/requests@2.31.0");

        JsonNode sarif = MAPPER.readTree(SarifReport.render(r, "0.1.0-test"));
        JsonSchema schema;
        try (InputStream in = ReportsTest.class.getResourceAsStream("/sarif/sarif-2.1.0-rtm.5.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        assertThat(schema.validate(sarif)).isEmpty();
        assertThat(sarif.toString()).contains("\"uri\":\"app/app.jar\"").contains("not checked: pkg:pypi/requests@2.31.0");

        JsonNode cdx = MAPPER.readTree(CycloneDxReport.render(r, "0.1.0-test"));
        assertThat(cdx.path("vulnerabilities").toString()).contains("\"ref\":\"pkg:maven/org.example/lib@1.0\"");
        assertThat(cdx.path("components").toString()).contains("bulwark:not-checked");
        assertThat(cdx.path("metadata").path("properties").toString()).contains("1 PyPI components: no advisory data");
    }
}

package dev.bulwark.policy.structure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.policy.ImageTests;
import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.TestImages;
import dev.bulwark.policy.model.ImageModels;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * Structure test files without commands (file existence, content, metadata, licences) on fixture images, every kind
 * of malformed file, and the report shapes. Command tests need the sandbox: StructureCommandsIT.
 */
class StructureTestsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-10T00:00:00Z"), ZoneOffset.UTC);
    static final CommandRunner.Factory NO_COMMANDS = () -> {
        throw new AssertionError("no command test in this file");
    };

    @TempDir
    Path tmp;

    static final String TESTS = """
            schemaVersion: 2.0.0
            fileExistenceTests:
              - name: home
                path: /home/nonroot
                permissions: drwx------
                uid: 65532
                gid: 65532
              - name: tmp
                path: /tmp
                permissions: dtrwxrwxrwx
              - name: app runs
                path: /usr/bin/app
                isExecutableBy: other
              - name: no shell
                path: /bin/sh
                shouldExist: false
            fileContentTests:
              - name: passwd
                path: /etc/passwd
                expectedContents: ['^nonroot:x:65532:']
                excludedContents: ['/bin/bash']
              - name: os-release through its symlink
                path: /etc/os-release
                expectedContents: ['VERSION_CODENAME=trixie']
            metadataTest:
              user: "65532:65532"
              entrypoint: [/usr/bin/app]
              envVars:
                - { key: LANG, value: C.UTF-8 }
                - { key: PATH, value: '/usr/bin', isRegex: true }
            licenseTests:
              - debian: true
            """;

    TestSummary run(String yaml, TestImages image) throws Exception {
        Path f = tmp.resolve("tests.yaml");
        Files.writeString(f, yaml);
        return ImageTests.run(ImageModels.of("fixture", image.build(tmp)), NO_COMMANDS, ImageTests.load(List.of(f)), CLOCK);
    }

    @Test
    void cleanFixture_passesEveryTest() throws Exception {
        TestSummary s = run(TESTS, TestImages.base());
        assertThat(s.results()).allSatisfy(r -> assertThat(r.errors()).as(r.name()).isEmpty());
        assertThat(s.results()).hasSize(8);
        assertThat(s.failed()).isZero();
    }

    @Test
    void brokenFixture_failsNamingEachAssertion() throws Exception {
        TestImages broken = TestImages.base().text("/usr/bin/app", "x", 0744).symlink("/bin/sh", "/usr/bin/app")
                .text("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", 0644).user("0:0").env("LANG=POSIX")
                .text("/var/lib/dpkg/status.d/orphan", "Package: orphan\nStatus: install ok installed\nVersion: 1\n"
                        + "Architecture: amd64\nDescription: x\n", 0644);
        TestSummary s = run(TESTS, broken);
        assertThat(s.results()).filteredOn(r -> !r.pass()).extracting(TestResult::name).containsExactly(
                "File Existence Test: app runs", "File Existence Test: no shell", "File Content Test: passwd",
                "Metadata Test", "License Test");
        List<String> errors = s.results().stream().flatMap(r -> r.errors().stream()).toList();
        assertThat(errors).contains(
                "/usr/bin/app has incorrect executable bit. Expected to be executable by other, Actual: -rwxr--r--",
                "File /bin/sh should not exist but does",
                "Expected string '^nonroot:x:65532:' not found in file content /etc/passwd",
                "Excluded string '/bin/bash' found in file content /etc/passwd",
                "env var LANG value POSIX does not match expected value: C.UTF-8",
                "Image user 0:0 does not match expected user: 65532:65532",
                "Package orphan has no /usr/share/doc/orphan/copyright");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "syntax error|'schemaVersion: 2.0.0\nfileExistenceTests: [\n'|tests.yaml:3|invalid YAML",
            "unknown key|'schemaVersion: 2.0.0\nfileExistenceTests:\n  - name: a\n    path: /a\n    shouldexist: true\n'|tests.yaml:5|fileExistenceTests[0].shouldexist",
            "unknown top-level key|'schemaVersion: 2.0.0\ncommandTest: []\n'|tests.yaml:2|unknown key",
            "missing version|'commandTests: []\n'|tests.yaml:1|schemaVersion is required",
            "bad version|'schemaVersion: 3.0.0\n'|tests.yaml:1|unsupported schemaVersion",
            "invalid regex|'schemaVersion: 2.0.0\ncommandTests:\n  - name: c\n    command: /bin/true\n    expectedOutput: [\"(unclosed\"]\n'|tests.yaml:5|invalid regular expression",
            "command missing|'schemaVersion: 2.0.0\ncommandTests:\n  - name: c\n'|tests.yaml:3|needs a command",
            "name missing|'schemaVersion: 2.0.0\nfileContentTests:\n  - path: /etc/passwd\n'|tests.yaml:3|is required",
            "bad executable class|'schemaVersion: 2.0.0\nfileExistenceTests:\n  - { name: a, path: /a, isExecutableBy: everyone }\n'|tests.yaml:3|expected any, owner, group or other"})
    void badTestFile_failsWithFileLineAndField(String name, String yaml, String where, String problem) throws Exception {
        Path f = tmp.resolve("tests.yaml");
        Files.writeString(f, yaml);
        assertThatThrownBy(() -> ImageTests.load(List.of(f))).isInstanceOf(PolicyException.class)
                .hasMessageContaining(where).hasMessageContaining(problem)
                .satisfies(e -> assertThat(((PolicyException) e).kind()).isEqualTo(Kind.BAD_INPUT));
    }

    @Test
    void v1File_commandListIsArgv() throws Exception {
        Path f = tmp.resolve("v1.yaml");
        Files.writeString(f, "schemaVersion: \"1.0.0\"\ncommandTests:\n  - name: hi\n    command: [\"/usr/bin/python3\", \"-c\", \"print(1)\"]\n"
                + "    expectedOutput: [\"1\"]\n");
        StructureTests t = ImageTests.load(List.of(f)).get(0);
        assertThat(t.commands().get(0).argv()).containsExactly("/usr/bin/python3", "-c", "print(1)");
    }

    /** The shapes container-structure-test itself writes (its output tests), for the same two results. */
    static TestSummary twoResults() {
        return new TestSummary("img", List.of(new TestResult("my first test", true, "it works!", "", List.of(), 1, null),
                new TestResult("my fail", false, "", "this failed", List.of("this failed because of that"), 1, null)),
                1000, 2000, 2);
    }

    @Test
    void json_hasTheOriginalToolsShape() {
        assertThat(TestReports.json(twoResults()).strip()).isEqualTo("{\"Pass\":1,\"Fail\":1,\"Total\":2,\"Duration\":2,"
                + "\"Results\":[{\"Name\":\"my first test\",\"Pass\":true,\"Stdout\":\"it works!\",\"Duration\":1},"
                + "{\"Name\":\"my fail\",\"Pass\":false,\"Stderr\":\"this failed\",\"Errors\":[\"this failed because of that\"],"
                + "\"Duration\":1}]}");
    }

    @Test
    void junit_hasTheOriginalToolsShapeAndParses() throws Exception {
        String xml = TestReports.junit(twoResults()).strip();
        assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><testsuites failures=\"1\" tests=\"2\" "
                + "time=\"2e-09\"><testsuite name=\"container-structure-test.test\"><testcase name=\"my first test\" "
                + "time=\"1e-09\"><system-out>it works!</system-out><system-err></system-err></testcase><testcase "
                + "name=\"my fail\" time=\"1e-09\"><failure>this failed because of that</failure><system-out></system-out>"
                + "<system-err>this failed</system-err></testcase></testsuite></testsuites>");
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(
                TestReports.junit(new TestSummary("x", List.of(new TestResult("a<b & \"c\"", false, "\u0001out", "",
                        List.of("bad\nline"), 1_500_000_000L, null)), 0, 0, 1_500_000_000L)))));
        assertThat(d.getElementsByTagName("testcase").item(0).getAttributes().getNamedItem("name").getNodeValue())
                .isEqualTo("a<b & \"c\"");
        assertThat(d.getDocumentElement().getAttribute("time")).isEqualTo("1.5");
    }

    @Test
    void ctrf_validatesAgainstTheCtrfSchema() throws Exception {
        var schema = schema();
        JsonNode report = new ObjectMapper().readTree(TestReports.ctrf(twoResults(), "0.1.0"));
        assertThat(schema.validate(report)).isEmpty();
        assertThat(report.at("/results/summary/failed").asInt()).isEqualTo(1);
        assertThat(report.at("/results/tests/1/message").asText()).isEqualTo("this failed because of that");
        ((com.fasterxml.jackson.databind.node.ObjectNode) report.at("/results/tests/0")).put("status", "broken");
        assertThat(schema.validate(report)).as("the schema is really applied").isNotEmpty();
    }

    static com.networknt.schema.JsonSchema schema() throws Exception {
        try (InputStream in = StructureTestsTest.class.getResourceAsStream("/ctrf/ctrf.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }
}

package dev.bulwark.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped examples parse, and the JSON Schema lists exactly the fields the parser knows. */
class SpecExamplesTest {
    private static final String SCHEMA_RESOURCE = "/dev/bulwark/spec/spec.schema.json";

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("no examples/ folder above the working directory").isNotNull();
        return dir;
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(repositoryRoot().resolve("examples"))) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void example_parsesAndPointsEditorsAtSchema(Path example) throws Exception {
        Spec spec = new SpecParser().parse(example);

        assertThat(spec.file()).isEqualTo(example);
        assertThat(Files.readString(example)).startsWith("# yaml-language-server: $schema=../schema/spec.schema.json\n");
    }

    @Test
    void examples_coverTheDistrolessFamily() throws Exception {
        Path dir = repositoryRoot().resolve("examples");
        SpecParser parser = new SpecParser();

        assertThat(parser.parse(dir.resolve("static.yaml")).packages()).extracting(PackageRequest::name)
                .doesNotContain("libc6");
        assertThat(parser.parse(dir.resolve("base.yaml")).packages()).extracting(PackageRequest::name)
                .contains("libc6", "libssl3t64").doesNotContain("openssl");
        assertThat(parser.parse(dir.resolve("cc.yaml")).packages()).extracting(PackageRequest::name)
                .contains("libgcc-s1", "libstdc++6", "libgomp1");
        assertThat(parser.parse(dir.resolve("java.yaml")).entrypoint()).startsWith("/usr/bin/java");
        assertThat(parser.parse(dir.resolve("python3.yaml")).entrypoint()).containsExactly("/usr/bin/python3");
    }

    @Test
    void schema_listsExactlyTheParsersFields() throws IOException {
        JsonNode schema = schema();
        JsonNode defs = schema.get("$defs");

        assertThat(names(schema.get("properties"))).containsExactlyElementsOf(SpecParser.FIELDS);
        assertThat(names(defs.get("accounts").get("properties"))).containsExactlyElementsOf(SpecParser.ACCOUNTS_FIELDS);
        assertThat(names(defs.get("user").get("properties"))).containsExactlyElementsOf(SpecParser.USER_FIELDS);
        assertThat(names(defs.get("group").get("properties"))).containsExactlyElementsOf(SpecParser.GROUP_FIELDS);
        assertThat(names(defs.get("pathEntry").get("properties"))).containsExactlyElementsOf(SpecParser.PATH_FIELDS);
        for (String object : List.of("accounts", "user", "group", "pathEntry")) {
            assertThat(defs.get(object).get("additionalProperties").asBoolean(true)).as(object).isFalse();
        }
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void schema_enumsMatchTheParsersValues() throws IOException {
        JsonNode schema = schema();

        assertThat(texts(schema.get("$defs").get("arch").get("enum"))).containsExactlyElementsOf(Spec.ARCHITECTURES);
        assertThat(texts(schema.get("properties").get("strip").get("items").get("enum")))
                .containsExactlyElementsOf(Spec.STRIP_VALUES);
        assertThat(texts(schema.get("properties").get("variant").get("enum"))).containsExactlyElementsOf(Spec.VARIANTS);
        assertThat(texts(schema.get("$defs").get("pathEntry").get("properties").get("type").get("enum")))
                .containsExactly("directory", "file", "symlink");
    }

    @Test
    void schema_copyForEditorsIsIdenticalToResource() throws IOException {
        try (InputStream in = SpecExamplesTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(Files.readAllBytes(repositoryRoot().resolve("schema/spec.schema.json")))
                    .as("schema/spec.schema.json must be a copy of the resource (cp it after editing)")
                    .isEqualTo(in.readAllBytes());
        }
    }

    private static JsonNode schema() throws IOException {
        try (InputStream in = SpecExamplesTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

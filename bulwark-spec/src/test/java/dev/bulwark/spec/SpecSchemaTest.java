package dev.bulwark.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON Schema accepts what the parser accepts and rejects, for the same reasons, what it rejects. */
class SpecSchemaTest {
    private static final JsonSchema SCHEMA = load();
    private static final String HEAD = "name: x\ndistribution: trixie\npackages: [python3]\n";

    static Stream<Path> examples() throws IOException {
        return SpecExamplesTest.examples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void schema_acceptsEveryExample(Path example) throws IOException {
        assertThat(validate(Files.readString(example))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            HEAD + "achs: [amd64]\n",
            HEAD + "archs: [amd65]\n",
            HEAD + "base: oci:out/x\n",
            "name: x\npackages: [a0]\n",
            "distribution: trixie\npackages: [a0]\n",
            HEAD + "strip: [info]\n",
            HEAD + "variant: debug\n",
            "name: x\ndistribution: trixie\npackages: [Python3]\n",
            "name: x\ndistribution: trixie\npackages: [tzdata=v1]\n",
            HEAD + "accounts: { runas: x }\n",
            HEAD + "accounts: { users: [{ name: app, uid: -1 }] }\n",
            HEAD + "paths: [{ path: /x, type: fifo }]\n",
            HEAD + "paths: [{ path: x, type: directory }]\n",
            HEAD + "paths: [{ path: /x, type: file }]\n",
            HEAD + "paths: [{ path: /x, type: symlink }]\n",
            HEAD + "workdir: app\n"})
    void schema_rejectsWhatParserRejects(String yaml) {
        assertThatThrownBy(() -> new SpecParser().parse(yaml, null)).isInstanceOf(SpecException.class);
        assertThat(validate(yaml)).isNotEmpty();
    }

    private static Set<ValidationMessage> validate(String yaml) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        JsonNode json = new ObjectMapper().valueToTree(tree);
        return SCHEMA.validate(json);
    }

    private static JsonSchema load() {
        try (InputStream in = SpecSchemaTest.class.getResourceAsStream("/dev/bulwark/spec/spec.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the spec schema", e);
        }
    }
}

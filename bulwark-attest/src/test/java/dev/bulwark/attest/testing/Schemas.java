package dev.bulwark.attest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official JSON schemas, taken from the libraries that ship them (test scope only): CycloneDX 1.6 from
 * cyclonedx-core-java ({@code bom-1.6.schema.json}, which refers to {@code spdx.schema.json} and
 * {@code jsf-0.82.schema.json} next to it), SPDX 2.3 from spdx tools-java ({@code resources/spdx-schema-v2.3.json}).
 */
public final class Schemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema CYCLONEDX = load("bom-1.6.schema.json");
    private static final JsonSchema SPDX = load("resources/spdx-schema-v2.3.json");

    private Schemas() {
    }

    public static void assertValidCycloneDx(byte[] bom) throws IOException {
        assertValid(CYCLONEDX, bom, "CycloneDX 1.6");
    }

    public static void assertValidSpdx(byte[] doc) throws IOException {
        assertValid(SPDX, doc, "SPDX 2.3");
    }

    private static void assertValid(JsonSchema schema, byte[] doc, String what) throws IOException {
        JsonNode node = JSON.readTree(doc);
        Set<ValidationMessage> errors = schema.validate(node);
        assertThat(errors).as("%s schema errors", what).isEmpty();
    }

    private static JsonSchema load(String resource) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, b -> b
                .schemaMappers(m -> m.mapPrefix("http://cyclonedx.org/schema/", "classpath:")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the test class path");
            }
            return factory.getSchema(in, config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + resource, e);
        }
    }
}

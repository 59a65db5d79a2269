package dev.bulwark.builder.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.attest.provenance.BuildFacts;
import dev.bulwark.attest.provenance.ProvenanceInput;
import dev.bulwark.attest.provenance.SlsaProvenance;
import dev.bulwark.builder.BuildException;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.layer.Compression;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Reading what a rebuild needs from a provenance predicate, and refusing each way one can lie or be unreadable. */
class BuildRecipeTest {
    private static final String SPEC = "name: tool\n";
    private static final String DEB = "11".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode predicate() throws Exception {
        byte[] bytes = SlsaProvenance.predicate(new ProvenanceInput(List.of(new Subject("tool", new Digest("aa".repeat(32)))),
                "tool.yaml", SPEC, "tool.yaml.lock.json", "{}\n",
                Map.of("archs", "amd64,arm64", "compression", "zstd", "sourceDateEpoch", "1700000000"),
                List.of(BuildFacts.deb("pool/main/t/tool/tool_1_amd64.deb", "pkg:deb/debian/tool", DEB)), List.of(), "0.1.0"));
        return (ObjectNode) JSON.readTree(bytes);
    }

    private static BuildRecipe read(ObjectNode predicate) throws Exception {
        return BuildRecipe.read(new Statement(List.of(new Subject("tool", new Digest("aa".repeat(32)))),
                SlsaProvenance.PREDICATE_TYPE, JSON.writeValueAsBytes(predicate)));
    }

    @Test
    void read_takesSpecLockAndOptionsFromTheProvenance() throws Exception {
        BuildRecipe r = read(predicate());
        assertThat(new String(r.specBytes(), StandardCharsets.UTF_8)).isEqualTo(SPEC);
        assertThat(new String(r.lockBytes(), StandardCharsets.UTF_8)).isEqualTo("{}\n");
        assertThat(r.specName()).isEqualTo("tool.yaml");
        assertThat(r.archs()).containsExactly("amd64", "arm64");
        assertThat(r.compression()).isEqualTo(Compression.ZSTD);
        assertThat(r.sourceDateEpoch()).isEqualTo(1_700_000_000L);
        assertThat(r.builtBy()).isEqualTo("0.1.0");
        assertThat(r.debs()).containsExactly(DEB);
    }

    @Test
    void read_keepsAHostileSpecNameOutOfTheFileSystem() throws Exception {
        ObjectNode p = predicate();
        ((ObjectNode) p.at("/buildDefinition/externalParameters/spec")).put("name", "../../etc/cron.d/x");
        assertThat(read(p).specName()).isEqualTo("spec.yaml");
    }

    record Lie(String name, Consumer<ObjectNode> change, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Lie> lies() {
        return Stream.of(
                new Lie("newer format", p -> def(p).put("buildType", "urn:bulwark:build:v7"),
                        "a format newer than this Bulwark reads"),
                new Lie("older format", p -> def(p).put("buildType", "urn:bulwark:build:v1"),
                        "made by an older Bulwark that did not record the lock"),
                new Lie("another builder", p -> def(p).put("buildType", "https://example.invalid/other\u001b[31m"),
                        "not made by Bulwark (build type 'https://example.invalid/other\\x1b[31m')"),
                new Lie("spec content edited", p -> ext(p, "spec").put("content", "name: evil\n"),
                        "externalParameters.spec has digest sha256:"),
                new Lie("lock missing", p -> ((ObjectNode) p.at("/buildDefinition/externalParameters")).remove("lock"),
                        "externalParameters.lock.content is missing"),
                new Lie("unknown compression", p -> internal(p).put("compression", "lz4"),
                        "internalParameters.compression is 'lz4'"),
                new Lie("compression missing", p -> internal(p).remove("compression"),
                        "internalParameters.compression is missing"),
                new Lie("bad arch", p -> internal(p).put("archs", "amd64,../x"),
                        "internalParameters.archs names '../x'"),
                new Lie("bad epoch", p -> internal(p).put("sourceDateEpoch", "soon"),
                        "internalParameters.sourceDateEpoch is 'soon'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lies")
    void read_refuses(Lie lie) throws Exception {
        ObjectNode p = predicate();
        lie.change().accept(p);
        assertThatThrownBy(() -> read(p)).isInstanceOf(BuildException.class)
                .hasMessageStartingWith("cannot reproduce from this provenance: ").hasMessageContaining(lie.message())
                .extracting("kind").isEqualTo(Kind.BAD_INPUT);
    }

    @Test
    void checkAgainst_refusesALockThatPinsADebTheProvenanceDoesNotList() throws Exception {
        BuildRecipe r = read(predicate());
        Lockfile.LockedPackage other = new Lockfile.LockedPackage("tool", "1", "amd64", "tool", "1", "trixie", "main",
                "pool/main/t/tool/tool_1_amd64.deb", 1, "22".repeat(32));
        Lockfile lock = new Lockfile(1, "tool", Digest.of(SPEC.getBytes(StandardCharsets.UTF_8)).hex(), "trixie",
                1_700_000_000L, "env", List.of(), Map.of("amd64", List.of(other), "arm64", List.of()));
        assertThatThrownBy(() -> r.checkAgainst(lock)).hasMessageContaining("which resolvedDependencies do not list");
    }

    @Test
    void checkAgainst_refusesALockMadeForAnotherSpec() throws Exception {
        BuildRecipe r = read(predicate());
        Lockfile lock = new Lockfile(1, "tool", "33".repeat(32), "trixie", 1_700_000_000L, "env", List.of(),
                Map.of("amd64", List.of(), "arm64", List.of()));
        assertThatThrownBy(() -> r.checkAgainst(lock)).hasMessageContaining("its lock was made for a spec with SHA-256");
    }

    private static ObjectNode def(ObjectNode p) {
        return (ObjectNode) p.get("buildDefinition");
    }

    private static ObjectNode ext(ObjectNode p, String name) {
        return (ObjectNode) p.at("/buildDefinition/externalParameters/" + name);
    }

    private static ObjectNode internal(ObjectNode p) {
        return (ObjectNode) p.at("/buildDefinition/internalParameters");
    }
}

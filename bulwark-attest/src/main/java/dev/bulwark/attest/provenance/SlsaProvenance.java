package dev.bulwark.attest.provenance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.attest.internal.Json;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.oci.Digest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SLSA Provenance v1 (https://slsa.dev/provenance/v1) for a Bulwark build, inside an in-toto Statement v1.
 * No wall-clock time is recorded (no {@code startedOn}/{@code finishedOn}), so rebuilding the same lock gives
 * the same bytes. Build type v2 records the lock ({@code externalParameters.lock}) and every build option that
 * changes the image's digests ({@code internalParameters}), so the image can be rebuilt from its provenance alone.
 */
public final class SlsaProvenance {
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
    public static final String BUILD_TYPE = "urn:bulwark:build:v2";
    public static final String BUILDER_ID = "urn:bulwark:builder";
    /** Every Bulwark build type starts so; the number after it is the provenance format. */
    public static final String BUILD_TYPE_PREFIX = "urn:bulwark:build:v";

    private SlsaProvenance() {
    }

    public static Statement statement(ProvenanceInput in) {
        return new Statement(in.subjects(), PREDICATE_TYPE, predicate(in));
    }

    /** The predicate alone, pretty-printed compactly as JSON bytes. */
    public static byte[] predicate(ProvenanceInput in) {
        ObjectNode p = Json.object();
        ObjectNode def = p.putObject("buildDefinition");
        def.put("buildType", BUILD_TYPE);
        ObjectNode external = def.putObject("externalParameters");
        ObjectNode spec = external.putObject("spec");
        spec.put("name", in.specName());
        spec.putObject("digest").put("sha256",
                Digest.of(in.specContent().getBytes(StandardCharsets.UTF_8)).hex());
        spec.put("content", in.specContent());
        if (in.lockContent() != null) {
            ObjectNode lock = external.putObject("lock");
            lock.put("name", in.lockName());
            lock.putObject("digest").put("sha256",
                    Digest.of(in.lockContent().getBytes(StandardCharsets.UTF_8)).hex());
            lock.put("content", in.lockContent());
        }
        ObjectNode internal = def.putObject("internalParameters");
        in.internalParameters().forEach(internal::put);
        resources(def.putArray("resolvedDependencies"), in.resolvedDependencies());
        ObjectNode run = p.putObject("runDetails");
        ObjectNode builder = run.putObject("builder");
        builder.put("id", BUILDER_ID);
        builder.putObject("version").put("bulwark", in.builderVersion());
        resources(run.putArray("byproducts"), in.byproducts());
        return Json.compact(p);
    }

    private static void resources(ArrayNode out, List<ResourceDescriptor> rs) {
        for (ResourceDescriptor r : rs) {
            ObjectNode o = out.addObject();
            o.put("name", r.name());
            if (r.uri() != null) {
                o.put("uri", r.uri());
            }
            o.putObject("digest").put("sha256", r.sha256());
            if (r.mediaType() != null) {
                o.put("mediaType", r.mediaType());
            }
        }
    }
}

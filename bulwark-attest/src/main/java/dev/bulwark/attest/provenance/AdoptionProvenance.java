package dev.bulwark.attest.provenance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.attest.internal.Json;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.oci.Digest;
import java.util.List;
import java.util.Objects;

/**
 * SLSA v1 provenance for an image Bulwark adopted rather than built: it was built elsewhere (a Dockerfile) on a
 * Bulwark base. What is known is stated — the base (its digest and the provenance that makes it a Bulwark image) and
 * each added layer by digest — and so is what is not: who built the added layers, from which inputs, with which
 * steps. The history entries the image carries are recorded as its own, unverified, claims.
 */
public final class AdoptionProvenance {
    public static final String BUILD_TYPE = "urn:bulwark:adopt:v1";
    public static final String BUILDER_ID = "urn:bulwark:adopter";
    static final String NOT_KNOWN = "who built the added layers, from which sources and with which steps: the image's "
            + "history entries (createdBy) are its own claims, not verified by Bulwark";

    private AdoptionProvenance() {
    }

    /** One layer the image adds to its base, on one platform; {@code createdBy} may be null. */
    public record AddedLayer(String platform, Digest digest, long size, String mediaType, Digest diffId,
                             String createdBy) {
        public AddedLayer {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(diffId, "diffId");
        }
    }

    /**
     * What an adoption found: the image as named, the base as named with its root digest, where the base's
     * provenance was found (and the digest of the blob holding it), its build type, and the added layers.
     */
    public record Facts(String image, String base, Digest baseDigest, String baseProvenance,
                        Digest baseProvenanceBlob, String baseBuildType, List<AddedLayer> layers,
                        String builderVersion) {
        public Facts {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(baseDigest, "baseDigest");
            Objects.requireNonNull(baseProvenance, "baseProvenance");
            Objects.requireNonNull(baseProvenanceBlob, "baseProvenanceBlob");
            Objects.requireNonNull(baseBuildType, "baseBuildType");
            Objects.requireNonNull(builderVersion, "builderVersion");
            layers = List.copyOf(layers);
        }
    }

    public static Statement statement(List<Subject> subjects, Facts facts) {
        return new Statement(subjects, SlsaProvenance.PREDICATE_TYPE, predicate(facts));
    }

    static byte[] predicate(Facts f) {
        ObjectNode p = Json.object();
        ObjectNode def = p.putObject("buildDefinition");
        def.put("buildType", BUILD_TYPE);
        ObjectNode external = def.putObject("externalParameters");
        external.put("image", f.image());
        ObjectNode base = external.putObject("base");
        base.put("name", f.base());
        base.putObject("digest").put("sha256", f.baseDigest().hex());
        base.put("buildType", f.baseBuildType());
        ArrayNode layers = external.putArray("addedLayers");
        for (AddedLayer l : f.layers()) {
            ObjectNode o = layers.addObject();
            o.put("platform", l.platform());
            o.putObject("digest").put("sha256", l.digest().hex());
            o.put("size", l.size());
            o.put("mediaType", l.mediaType());
            o.put("diffId", l.diffId().toString());
            if (l.createdBy() != null) {
                o.put("claimedCreatedBy", l.createdBy());
            }
        }
        external.putArray("notKnown").add(NOT_KNOWN);
        def.putObject("internalParameters");
        ArrayNode resolved = def.putArray("resolvedDependencies");
        ObjectNode baseDep = resolved.addObject();
        baseDep.put("name", f.base());
        baseDep.putObject("digest").put("sha256", f.baseDigest().hex());
        baseDep.put("mediaType", "application/vnd.oci.image");
        ObjectNode provDep = resolved.addObject();
        provDep.put("name", f.baseProvenance());
        provDep.putObject("digest").put("sha256", f.baseProvenanceBlob().hex());
        provDep.put("mediaType", "application/vnd.in-toto+json");
        ObjectNode run = p.putObject("runDetails");
        ObjectNode builder = run.putObject("builder");
        builder.put("id", BUILDER_ID);
        builder.putObject("version").put("bulwark", f.builderVersion());
        run.putArray("byproducts");
        return Json.compact(p);
    }
}

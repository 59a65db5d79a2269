package dev.bulwark.builder.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;
import java.util.List;
import java.util.Objects;

/**
 * What a reproduction found. {@code image}/{@code rebuilt}: the digests the reference and the rebuild resolve to
 * (index, or manifest for one platform). {@code platforms}: manifest, config and layer digests side by side.
 * {@code difference}: the first differing layer with the files that differ inside it, or null when identical (or
 * when only a manifest, config or index differs: then {@code note} says what). {@code provenance}: where the
 * provenance came from and whether a key verified it. {@code vsa}: the digest of the attached Verification Summary
 * statement, or null when none was attached.
 */
public record ReproduceResult(Digest image, Digest rebuilt, List<PlatformComparison> platforms,
        LayerDifference difference, String note, ProvenanceSource provenance, String builtBy, String rebuiltBy,
        Digest vsa) {

    /** One platform: the image's and the rebuild's manifest, config and layer digests. */
    public record PlatformComparison(Platform platform, Digest imageManifest, Digest rebuiltManifest,
            Digest imageConfig, Digest rebuiltConfig, List<Digest> imageLayers, List<Digest> rebuiltLayers) {
        public PlatformComparison {
            Objects.requireNonNull(platform, "platform");
            imageLayers = List.copyOf(imageLayers);
            rebuiltLayers = List.copyOf(rebuiltLayers);
        }

        public boolean identical() {
            return imageManifest.equals(rebuiltManifest);
        }
    }

    /** The first layer (0-based {@code index} in manifest order) whose digest differs, and what differs in it. */
    public record LayerDifference(Platform platform, int index, int layers, Digest imageLayer, Digest rebuiltLayer,
            List<FileDifference> files) {
        public LayerDifference {
            Objects.requireNonNull(platform, "platform");
            files = List.copyOf(files);
        }
    }

    /**
     * Where the provenance was read: {@code location} (an .att tag or a referrer), {@code digest} of the blob holding
     * it there (the DSSE envelope, or the bare statement of a referrer), and whether a key verified it.
     */
    public record ProvenanceSource(String location, boolean verified, Digest digest) {
        public ProvenanceSource {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(digest, "digest");
        }
    }

    public ReproduceResult {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(rebuilt, "rebuilt");
        Objects.requireNonNull(provenance, "provenance");
        platforms = List.copyOf(platforms);
    }

    /** True when the rebuild has exactly the image's digests. */
    public boolean identical() {
        return image.equals(rebuilt);
    }

    /** The same result with the attached Verification Summary's digest. */
    ReproduceResult withVsa(Digest statement) {
        return new ReproduceResult(image, rebuilt, platforms, difference, note, provenance, builtBy, rebuiltBy,
                statement);
    }

    /** The JSON view 'bulwark reproduce --format json' prints. */
    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("identical", identical());
        root.put("image", image.toString());
        root.put("rebuilt", rebuilt.toString());
        ObjectNode prov = root.putObject("provenance");
        prov.put("location", provenance.location());
        prov.put("verified", provenance.verified());
        prov.put("digest", provenance.digest().toString());
        prov.put("builtBy", builtBy);
        prov.put("rebuiltBy", rebuiltBy);
        ArrayNode list = root.putArray("platforms");
        for (PlatformComparison p : platforms) {
            ObjectNode n = list.addObject();
            n.put("platform", p.platform().toString());
            n.put("identical", p.identical());
            n.put("manifest", p.imageManifest().toString());
            n.put("rebuiltManifest", p.rebuiltManifest().toString());
            n.put("config", p.imageConfig().toString());
            n.put("rebuiltConfig", p.rebuiltConfig().toString());
            n.put("layers", p.imageLayers().size());
            n.put("rebuiltLayers", p.rebuiltLayers().size());
        }
        if (difference != null) {
            ObjectNode d = root.putObject("firstDifference");
            d.put("platform", difference.platform().toString());
            d.put("layer", difference.index());
            d.put("imageLayer", String.valueOf(difference.imageLayer()));
            d.put("rebuiltLayer", String.valueOf(difference.rebuiltLayer()));
            ArrayNode files = d.putArray("files");
            for (FileDifference f : difference.files()) {
                files.addObject().put("path", f.path()).put("field", f.field()).put("image", f.image())
                        .put("rebuilt", f.rebuilt());
            }
        }
        if (note != null) {
            root.put("note", note);
        }
        if (vsa != null) {
            root.put("verificationSummary", vsa.toString());
        }
        try {
            return json.writeValueAsString(root).replace("\r\n", "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a reproduce result as JSON", e);
        }
    }
}

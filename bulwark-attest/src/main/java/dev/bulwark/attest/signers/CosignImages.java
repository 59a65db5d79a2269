package dev.bulwark.attest.signers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.internal.Json;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.Store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and appends to the small images cosign keeps next to an image at {@code sha256-<hex>.sig} and
 * {@code .att}: one layer per signature or attestation, a config listing the layers as diff ids (layers are
 * stored uncompressed), as go-containerregistry writes them.
 */
final class CosignImages {
    static final String SIG = "sig";
    static final String ATT = "att";
    /** The artifact types a referrers listing shows for cosign's signature and attestation manifests. */
    static final String SIG_ARTIFACT_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    static final String ATT_ARTIFACT_TYPE = "application/vnd.dsse.envelope.v1+json";
    private static final int MAX_LAYER = 32 << 20;

    private CosignImages() {
    }

    static String tag(Digest subject, String suffix) {
        return subject.dashed() + "." + suffix;
    }

    /** The layers at the tag, in order; empty when nothing was signed or attested yet. */
    static List<CosignLayer> read(Store store, String tag) throws AttestException {
        try {
            Optional<Descriptor> root = store.resolve(tag);
            if (root.isEmpty()) {
                return List.of();
            }
            Manifest m = Manifest.parse(store.manifest(root.get()));
            List<CosignLayer> out = new ArrayList<>();
            for (Descriptor layer : m.layers()) {
                if (layer.size() > MAX_LAYER) {
                    throw new AttestException(Kind.BAD_INPUT, "cannot read " + tag + " in " + store + ": layer "
                            + layer.digest() + " is larger than " + MAX_LAYER + " bytes");
                }
                byte[] content;
                try (InputStream in = store.blob(layer)) {
                    content = in.readAllBytes();
                }
                out.add(new CosignLayer(layer.mediaType(), content, layer.annotations()));
            }
            return out;
        } catch (OciException e) {
            throw new AttestException(e.kind(), "cannot read " + tag + " in " + store + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AttestException(Kind.ENVIRONMENT, "cannot read " + tag + " in " + store + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Adds a layer unless an identical one is there, and re-points the subject's {@code .sig} or {@code .att} tag;
     * returns the manifest's digest. The manifest names the image as its OCI 1.1 {@code subject}, with an artifact
     * type, and is listed in the subject's referrers (the registry's API, else the {@code sha256-<hex>} tag index,
     * replacing the manifest the tag pointed at before), so 'bulwark referrers' and 'oras discover' show it; cosign
     * reads the same manifest through the tag.
     */
    static Digest append(Store store, Digest subject, String suffix, CosignLayer layer) throws AttestException {
        String tag = tag(subject, suffix);
        List<CosignLayer> layers = new ArrayList<>(read(store, tag));
        boolean present = layers.stream().anyMatch(l -> l.mediaType().equals(layer.mediaType())
                && Arrays.equals(l.content(), layer.content()) && l.annotations().equals(layer.annotations()));
        if (!present) {
            layers.add(layer);
        }
        try {
            Optional<Descriptor> previous = store.resolve(tag);
            Optional<Descriptor> image = store.resolve(subject.toString());
            List<Descriptor> descriptors = new ArrayList<>();
            for (CosignLayer l : layers) {
                byte[] bytes = l.content();
                Descriptor d = Descriptor.of(l.mediaType(), bytes).withAnnotations(l.annotations());
                store.putBlob(d, () -> new ByteArrayInputStream(bytes));
                descriptors.add(d);
            }
            byte[] config = config(descriptors);
            Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, config);
            store.putBlob(configDescriptor, () -> new ByteArrayInputStream(config));
            String artifactType = SIG.equals(suffix) ? SIG_ARTIFACT_TYPE : ATT_ARTIFACT_TYPE;
            Descriptor subjectDescriptor = image.map(d -> new Descriptor(d.mediaType(), d.digest(), d.size()))
                    .orElse(null);
            byte[] manifest = new Manifest(MediaTypes.OCI_MANIFEST, configDescriptor, descriptors, null,
                    subjectDescriptor, subjectDescriptor == null ? null : artifactType).toJson();
            Descriptor stored = store.putManifest(MediaTypes.OCI_MANIFEST, manifest, tag);
            if (subjectDescriptor != null) {
                Referrers.index(store, subject, new Descriptor(stored.mediaType(), stored.digest(), stored.size(),
                        Map.of(), null, artifactType), previous.map(Descriptor::digest).orElse(null));
            }
            return stored.digest();
        } catch (OciException e) {
            throw new AttestException(e.kind(), "cannot write " + tag + " to " + store + ": " + e.getMessage(), e);
        }
    }

    private static byte[] config(List<Descriptor> layers) {
        ObjectNode c = Json.object();
        c.put("architecture", "");
        c.put("created", "0001-01-01T00:00:00Z");
        c.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
        c.put("os", "");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        var ids = rootfs.putArray("diff_ids");
        layers.forEach(l -> ids.add(l.digest().toString()));
        c.putObject("config");
        return Json.compact(c);
    }
}

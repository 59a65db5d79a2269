package dev.bulwark.oci.image;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;

import java.util.List;
import java.util.Map;

/** Static helpers that make {@link Image} values; each returns a new image and never changes its inputs. */
public final class Images {

    private Images() {
    }

    /**
     * Assembles an OCI image from a config and layers: the config's {@code rootfs.diff_ids} are set from
     * the layers, so a caller only states what the runtime needs.
     */
    public static Image assemble(ImageConfig config, List<Layer> layers, Map<String, String> annotations) {
        List<Digest> diffIds = layers.stream().map(Layer::diffId).toList();
        byte[] rawConfig = config.withDiffIds(diffIds).toJson();
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, rawConfig);
        Manifest manifest = Manifest.oci(configDescriptor, layers.stream().map(Layer::descriptor).toList(),
                annotations);
        byte[] rawManifest = manifest.toJson();
        try {
            return of(rawManifest, rawConfig, layers);
        } catch (OciException e) {
            throw new IllegalStateException("assembled an image Bulwark cannot read back", e);
        }
    }

    /** An image from the bytes a store holds; both documents are parsed now, layers are read lazily. */
    public static Image of(byte[] rawManifest, byte[] rawConfig, List<Layer> layers) throws OciException {
        Manifest manifest = Manifest.parse(rawManifest);
        ImageConfig config = ImageConfig.parse(rawConfig);
        if (manifest.layers().size() != layers.size()) {
            throw new OciException(Kind.BAD_INPUT, "cannot read image: manifest lists " + manifest.layers().size()
                    + " layers but " + layers.size() + " were given");
        }
        return new StoredImage(manifest, rawManifest.clone(), config, rawConfig.clone(), List.copyOf(layers));
    }

    private record StoredImage(Manifest manifest, byte[] raw, ImageConfig config, byte[] configBytes,
                               List<Layer> layers) implements Image {
        @Override
        public byte[] rawManifest() {
            return raw.clone();
        }

        @Override
        public byte[] rawConfig() {
            return configBytes.clone();
        }
    }
}

package dev.bulwark.builder.adopt;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Manifest;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an image's lower layers are exactly its base's: the same uncompressed content ({@code rootfs.diff_ids}), in
 * order, and at least one layer more. The stored blobs may differ only in compression — {@code docker save} writes
 * layers uncompressed — so {@link #sameBlobs} says whether the base's blobs can be reused as they are.
 */
final class LayerCheck {
    private LayerCheck() {
    }

    /** The number of base layers the image starts with; throws naming the first layer that differs. */
    static int basePrefix(Image image, Image base, String imageName, String baseName) throws BuildException {
        List<Descriptor> mine = image.manifest().layers();
        List<Descriptor> theirs = base.manifest().layers();
        List<Digest> myDiffs = image.config().diffIds();
        List<Digest> theirDiffs = base.config().diffIds();
        String platform = image.platform().toString();
        for (int i = 0; i < theirs.size(); i++) {
            if (i >= mine.size() || i >= myDiffs.size()) {
                throw notOnBase(imageName, baseName, platform, "it has " + mine.size() + " layers, fewer than the "
                        + theirs.size() + " of the base");
            }
            if (!myDiffs.get(i).equals(theirDiffs.get(i))) {
                Descriptor a = mine.get(i);
                Descriptor b = theirs.get(i);
                throw notOnBase(imageName, baseName, platform, "layer " + (i + 1) + " is " + a.digest() + " (content "
                        + myDiffs.get(i) + ") where the base has " + b.digest() + " (content " + theirDiffs.get(i) + ")");
            }
        }
        if (mine.size() == theirs.size()) {
            throw new BuildException(Kind.BAD_INPUT, "cannot adopt " + imageName + " (" + platform + "): it adds no "
                    + "layer to " + baseName + "; it is the base itself (use 'bulwark copy' to publish it)");
        }
        return theirs.size();
    }

    /** Whether the image's first {@code n} layer blobs are the base's own (same digest, size and media type). */
    static boolean sameBlobs(Image image, Image base, int n) {
        for (int i = 0; i < n; i++) {
            Descriptor a = image.manifest().layers().get(i);
            Descriptor b = base.manifest().layers().get(i);
            if (!a.digest().equals(b.digest()) || a.size() != b.size() || !a.mediaType().equals(b.mediaType())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The image with its first {@code n} layers stored as the base stores them (same content, the base's blobs), its
     * config bytes unchanged — what {@code docker push} of a saved image would do, minus the recompression.
     */
    static Image rebased(Image image, Image base, int n) throws OciException {
        List<Layer> layers = new ArrayList<>(base.layers().subList(0, n));
        layers.addAll(image.layers().subList(n, image.layers().size()));
        Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, image.rawConfig()),
                layers.stream().map(Layer::descriptor).toList(), image.manifest().annotations());
        return Images.of(m.toJson(), image.rawConfig(), layers);
    }

    private static BuildException notOnBase(String image, String base, String platform, String why) {
        return new BuildException(Kind.CHECK_FAILED, "cannot adopt " + image + " (" + platform + "): it is not built on "
                + base + ": " + why + "; rebuild it FROM the base's digest, or name the base it was built on");
    }
}

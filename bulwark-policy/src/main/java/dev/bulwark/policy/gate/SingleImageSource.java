package dev.bulwark.policy.gate;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.transport.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** One image not yet written anywhere (a build's assembled image), read as a source. */
final class SingleImageSource implements ImageSource {
    private final Image image;

    SingleImageSource(Image image) {
        this.image = image;
    }

    @Override
    public Descriptor root() {
        return Descriptor.of(image.manifest().mediaType(), image.rawManifest());
    }

    @Override
    public Optional<ImageIndex> index() {
        return Optional.empty();
    }

    @Override
    public List<Platform> platforms() {
        return List.of(image.platform());
    }

    @Override
    public Image image(Platform platform) throws OciException {
        if (!platform.architecture().equals(image.platform().architecture())) {
            throw new OciException(Kind.BAD_INPUT, "cannot read " + platform + ": the image is " + image.platform());
        }
        return image;
    }

    @Override
    public InputStream blob(Descriptor descriptor) throws OciException {
        Digest digest = descriptor.digest();
        for (Layer l : image.layers()) {
            if (l.descriptor().digest().equals(digest)) {
                try {
                    return l.open();
                } catch (IOException e) {
                    throw new OciException(Kind.ENVIRONMENT, "cannot read layer " + digest + ": " + e.getMessage(), e);
                }
            }
        }
        throw new OciException(Kind.BAD_INPUT, "cannot read blob " + digest + ": not a layer of the image");
    }
}

package dev.bulwark.oci.ref;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageIndex;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Somewhere images can be read from. A reference resolves to one manifest or one index of manifests. */
public interface ImageSource {

    /** The descriptor the reference resolves to: a manifest or an index. */
    Descriptor root() throws OciException;

    /** The index the reference resolves to, or empty when it names a single manifest. */
    Optional<ImageIndex> index() throws OciException;

    /** The platforms available, in index order (one entry for a single manifest). */
    List<Platform> platforms() throws OciException;

    /** The image for a platform; fails with BAD_INPUT when the source has none for it. */
    Image image(Platform platform) throws OciException;

    /** Any blob the source holds, by digest; the caller closes the stream. */
    InputStream blob(Digest digest) throws OciException;
}

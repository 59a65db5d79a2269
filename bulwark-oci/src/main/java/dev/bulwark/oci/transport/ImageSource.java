package dev.bulwark.oci.transport;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageIndex;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Somewhere images can be read from. A reference resolves to one manifest or one index of manifests. A source
 * hands out only bytes checked against the descriptor that names them: indexes, manifests and configs before
 * they are parsed, layers as their streams end; a mismatch is an {@code OciException} of kind ENVIRONMENT.
 */
public interface ImageSource {

    /** The descriptor the reference resolves to: a manifest or an index. */
    Descriptor root() throws OciException;

    /** The index the reference resolves to, or empty when it names a single manifest. */
    Optional<ImageIndex> index() throws OciException;

    /** The platforms available, in index order (one entry for a single manifest). */
    List<Platform> platforms() throws OciException;

    /** The image for a platform; fails with BAD_INPUT when the source has none for it. */
    Image image(Platform platform) throws OciException;

    /**
     * A blob the source holds, as its descriptor names it; the caller closes the stream. Reading it to the end, or
     * closing it early, fails with a {@link dev.bulwark.oci.BlobMismatchException} unless its bytes match the
     * descriptor's digest and size.
     */
    InputStream blob(Descriptor descriptor) throws OciException;
}

package dev.bulwark.oci.internal;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.BlobMismatchException;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.OciException;

import java.io.IOException;
import java.io.InputStream;

/**
 * The two ways sources hand out bytes: small documents (index, manifest, config) read whole and checked against
 * their descriptor before anyone parses them, and layers as streams checked as they end. Not API.
 */
public final class Blobs {
    /** Manifests, indexes and configs above this are refused rather than read into memory. */
    public static final int MAX_DOCUMENT = 8 << 20;

    private Blobs() {
    }

    /**
     * Reads a document of at most {@code d.size()} bytes (one more proves a size lie) and checks digest and size;
     * closes {@code in}. {@code where} names the reference, e.g. {@code oci:DIR:TAG}.
     */
    public static byte[] document(InputStream in, Descriptor d, String where) throws OciException {
        if (d.size() > MAX_DOCUMENT) {
            try {
                in.close();
            } catch (IOException ignored) {
                // refused before reading: nothing was trusted
            }
            throw new OciException(Kind.BAD_INPUT, "cannot read blob " + d.digest() + " of " + where
                    + ": its descriptor says " + d.size() + " bytes, more than the " + MAX_DOCUMENT
                    + " a manifest, index or config may have");
        }
        try (InputStream v = new VerifyingInputStream(in, d, where)) {
            return v.readNBytes((int) d.size() + 1);
        } catch (IOException e) {
            throw failure("cannot read blob " + d.digest() + " of " + where, e);
        }
    }

    /** A layer or other blob as a stream that fails at its end (or when closed early) unless it matches {@code d}. */
    public static InputStream stream(InputStream in, Descriptor d, String where) {
        return new VerifyingInputStream(in, d, where);
    }

    /**
     * An IOException (or a parse failure of a stream that was then closed) as the OCI failure it is: a blob that does not match its descriptor is the store's fault
     * (ENVIRONMENT, its message already names blob and reference); anything else is {@code otherwise}.
     */
    public static OciException failure(String context, Exception e, Kind otherwise) {
        BlobMismatchException m = BlobMismatchException.in(e);
        if (m != null) {
            return new OciException(Kind.ENVIRONMENT, m.getMessage(), e);
        }
        return new OciException(otherwise, context + ": " + e.getMessage(), e);
    }

    public static OciException failure(String context, Exception e) {
        return failure(context, e, Kind.ENVIRONMENT);
    }
}

package dev.bulwark.oci.transport.layout;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.internal.Blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The fixed names of an OCI image layout and the size-limited reads both the sink and the source need. */
final class LayoutFiles {
    static final String LAYOUT_FILE = "oci-layout";
    static final String INDEX_FILE = "index.json";
    static final byte[] LAYOUT_JSON = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Manifests, indexes and configs above this are refused rather than read into memory. */
    static final int MAX_DOCUMENT = 8 << 20;

    private LayoutFiles() {
    }

    static Path blob(Path dir, Digest d) {
        return dir.resolve("blobs").resolve("sha256").resolve(d.hex());
    }

    /** The layout's index.json, or null when the layout does not exist yet. */
    static ImageIndex readIndex(Path dir) throws OciException {
        Path file = dir.resolve(INDEX_FILE);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return ImageIndex.parse(readSmall(file, "index.json of " + dir));
    }

    /** A manifest, index or config, read whole and checked against its descriptor; {@code where} names the reference. */
    static byte[] readDocument(Path dir, Descriptor d, String where) throws OciException {
        return Blobs.document(open(dir, d, where), d, where);
    }

    /** A blob as a stream that fails at its end, or when closed early, unless it matches its descriptor. */
    static InputStream openVerified(Path dir, Descriptor d, String where) throws OciException {
        return Blobs.stream(open(dir, d, where), d, where);
    }

    private static InputStream open(Path dir, Descriptor d, String where) throws OciException {
        Path p = blob(dir, d.digest());
        try {
            return openRegular(p);
        } catch (NoSuchFileException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot read blob " + d.digest() + " of " + where + ": it is missing", e);
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read blob " + d.digest() + " of " + where + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Opens a layout file that must be a regular file: a symbolic link (which could make the digest check an oracle
     * on a host file) or a FIFO or device (which could block the open) is refused before it is opened.
     */
    static InputStream openRegular(Path p) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p,
                java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new IOException("it is " + (a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a directory"
                    : "a special file (FIFO, socket or device)") + ", not a regular file");
        }
        return Files.newInputStream(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Whether the layout already holds {@code d}'s blob intact: a regular file of its size whose content hashes to
     * its digest. A blob that is missing, a link or tampered with (even at the same size) is not there, so the
     * writer overwrites it.
     */
    static boolean intact(Path dir, Digest d, long size) throws IOException {
        Path p = blob(dir, d);
        java.nio.file.attribute.BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!a.isRegularFile() || a.size() != size) {
            return false;
        }
        try (InputStream in = Files.newInputStream(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return dev.bulwark.core.Sha256.hex(in).equals(d.hex());
        }
    }

    /**
     * Whether {@code target} is a regular file (not a link) of {@code size} bytes with the same content as
     * {@code proven}, whose bytes the caller has already proven against the digest {@code target} is named after.
     * A warm rebuild into the same layout compares its cached layers with the layout's blobs instead of hashing the
     * blobs a second time: with the CLI's C1-only JIT, SHA-256 runs at ~60 MB/s, a byte comparison at memory speed.
     */
    static boolean sameBytes(Path target, Path proven, long size) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!a.isRegularFile() || a.size() != size) {
            return false;
        }
        try (InputStream x = Files.newInputStream(target, java.nio.file.LinkOption.NOFOLLOW_LINKS);
             InputStream y = Files.newInputStream(proven)) {
            byte[] bx = new byte[1 << 16];
            byte[] by = new byte[1 << 16];
            long seen = 0;
            while (true) {
                int nx = x.readNBytes(bx, 0, bx.length);
                int ny = y.readNBytes(by, 0, by.length);
                if (nx != ny || java.util.Arrays.mismatch(bx, 0, nx, by, 0, ny) >= 0) {
                    return false;
                }
                seen += nx;
                if (nx < bx.length) {
                    return seen == size;
                }
            }
        }
    }

    static byte[] readBlob(Path dir, Digest d) throws OciException {
        return readSmall(blob(dir, d), "blob " + d + " in " + dir);
    }

    static byte[] readSmall(Path file, String what) throws OciException {
        try (InputStream in = openRegular(file)) {
            byte[] b = in.readNBytes(MAX_DOCUMENT + 1);
            if (b.length > MAX_DOCUMENT) {
                throw new OciException(Kind.BAD_INPUT, "cannot read " + what + ": larger than " + MAX_DOCUMENT + " bytes");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot read " + what + ": it does not exist", e);
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}

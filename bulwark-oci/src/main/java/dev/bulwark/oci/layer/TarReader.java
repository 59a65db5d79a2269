package dev.bulwark.oci.layer;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.tar.TarException;
import dev.bulwark.core.tar.TarHeader;
import dev.bulwark.oci.OciException;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an uncompressed layer tar entry by entry with the core {@link dev.bulwark.core.tar.TarReader} (ustar, PAX,
 * GNU long names; checksums, overflow-checked numbers and two zero blocks at the end are required). Paths come back
 * absolute ("/usr/bin/x"); an entry whose name or hard-link target is absolute or contains {@code ..} is rejected,
 * since extracting it could escape the root. Does not close the stream.
 */
public final class TarReader {

    public enum EntryType { FILE, DIR, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    /** One entry's header; {@code linkTarget} is absolute for hard links, as stored for symlinks, else null. */
    public record Header(String path, EntryType kind, int mode, long uid, long gid, String uname, String gname,
                         long size, String linkTarget, long mtime, boolean pax) {
    }

    private final dev.bulwark.core.tar.TarReader tar;
    private boolean file;

    public TarReader(InputStream in) {
        this.tar = new dev.bulwark.core.tar.TarReader(in, why -> new IOException("cannot read tar: " + why));
    }

    /** The next entry's header, or null at the end of the archive. Skips any unread content first. */
    public Header next() throws IOException, OciException {
        TarHeader h;
        try {
            h = tar.next();
        } catch (TarException e) {
            throw new OciException(Kind.BAD_INPUT, e.getMessage(), e);
        }
        file = false;
        if (h == null) {
            return null;
        }
        String name = h.name();
        EntryType kind = switch (h.type()) {
            case TarHeader.FILE, TarHeader.CONTIGUOUS -> EntryType.FILE;
            case TarHeader.HARDLINK -> EntryType.HARDLINK;
            case TarHeader.SYMLINK -> EntryType.SYMLINK;
            case TarHeader.CHAR_DEVICE -> EntryType.CHAR_DEVICE;
            case TarHeader.BLOCK_DEVICE -> EntryType.BLOCK_DEVICE;
            case TarHeader.DIRECTORY -> EntryType.DIR;
            case TarHeader.FIFO -> EntryType.FIFO;
            default -> throw new OciException(Kind.BAD_INPUT, "cannot read tar entry " + name
                    + ": unsupported type '" + h.type() + "'");
        };
        file = kind == EntryType.FILE;
        String linkTarget = switch (kind) {
            case HARDLINK -> safePath(h.linkName(), name);
            case SYMLINK -> h.linkName();
            default -> null;
        };
        return new Header(safePath(name, name), kind, h.mode(), h.uid(), h.gid(), h.uname(), h.gname(),
                file ? h.size() : 0, linkTarget, h.mtime(), h.pax());
    }

    /** The current entry's content; valid until the next call to {@link #next()}. Empty for all but files. */
    public InputStream content() {
        return file ? tar.content() : InputStream.nullInputStream();
    }

    /** Normalizes "./a/b/" to "/a/b"; rejects absolute names and any ".." component. */
    static String safePath(String raw, String entry) throws OciException {
        if (raw.startsWith("/") || raw.indexOf('\0') >= 0) {
            throw new OciException(Kind.BAD_INPUT, "cannot read tar entry " + entry + ": path " + raw
                    + " is absolute");
        }
        StringBuilder out = new StringBuilder();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new OciException(Kind.BAD_INPUT, "cannot read tar entry " + entry + ": path " + raw
                        + " contains '..'");
            }
            out.append('/').append(part);
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}

package dev.bulwark.debian.archive;

import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A verified Packages index, parsed once and kept in a compact binary form keyed by the index's SHA-256, so a warm
 * resolve reads records instead of re-parsing tens of thousands of stanzas. Written atomically; a file that cannot be
 * read back is ignored (and rewritten).
 */
final class ParsedIndex {
    private static final int MAGIC = 0x42574b32; // "BWK2"; change it when ArchivePackage's fields change

    private ParsedIndex() {
    }

    static Path pathFor(Path cacheDir, String indexSha256) {
        return cacheDir.resolve("indexes/parsed").resolve(indexSha256 + ".bin");
    }

    static void write(List<ArchivePackage> packages, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = dev.bulwark.core.TempFiles.createFile(target.getParent(), "parsed");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(packages.size());
                for (ArchivePackage p : packages) {
                    for (String s : new String[] {p.name(), p.version().toString(), p.architecture(), p.source(),
                            p.sourceVersion().toString(), p.filename(), p.sha256(), p.depends(), p.preDepends(),
                            p.provides(), p.conflicts(), p.breaks(), p.multiArch()}) {
                        writeString(out, s);
                    }
                    out.writeLong(p.size());
                    out.writeBoolean(p.essential());
                }
            }
            dev.bulwark.core.TempFiles.replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Length-prefixed UTF-8: some fields (the Provides of Rust -dev packages) exceed writeUTF's 64 KiB. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * The packages, or null when the file is missing or unreadable. The file is read whole and decoded from the array:
     * a stream read costs four synchronized calls per length and was most of a warm resolve.
     */
    static List<ArchivePackage> read(Path file, String suite, String component) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Reader in = new Reader(Files.readAllBytes(file));
            if (in.readInt() != MAGIC) {
                return null;
            }
            int count = in.readInt();
            if (count < 0) {
                return null;
            }
            List<ArchivePackage> out = new ArrayList<>(Math.min(count, 1 << 20));
            for (int i = 0; i < count; i++) {
                String name = in.readString();
                String version = in.readString();
                String arch = in.readString();
                String source = in.readString();
                String sourceVersion = in.readString();
                String filename = in.readString();
                String sha = in.readString();
                String depends = in.readString();
                String preDepends = in.readString();
                String provides = in.readString();
                String conflicts = in.readString();
                String breaks = in.readString();
                String multiArch = in.readString();
                long size = in.readLong();
                boolean essential = in.readBoolean();
                DebianVersion v = DebianVersion.parse(version);
                out.add(new ArchivePackage(name, v, arch, source,
                        sourceVersion.equals(version) ? v : DebianVersion.parse(sourceVersion), suite, component, filename,
                        size, sha, depends, preDepends, provides, conflicts, breaks, essential, multiArch));
            }
            return in.atEnd() ? out : null;
        } catch (IOException | VersionParseException | RuntimeException e) {
            return null;
        }
    }

    /** Big-endian fields as {@link DataOutputStream} wrote them, read from an array; a short file is an IOException. */
    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] bytes) {
            this.b = bytes;
        }

        private void need(int n) throws IOException {
            if (n < 0 || n > b.length - pos) {
                throw new IOException("truncated at byte " + pos);
            }
        }

        int readInt() throws IOException {
            need(4);
            int v = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        long readLong() throws IOException {
            long high = readInt() & 0xffffffffL;
            return (high << 32) | (readInt() & 0xffffffffL);
        }

        boolean readBoolean() throws IOException {
            need(1);
            return b[pos++] != 0;
        }

        /** Length-prefixed UTF-8 (see {@link #writeString}). */
        String readString() throws IOException {
            int length = readInt();
            need(length);
            String s = new String(b, pos, length, java.nio.charset.StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        boolean atEnd() {
            return pos == b.length;
        }
    }
}

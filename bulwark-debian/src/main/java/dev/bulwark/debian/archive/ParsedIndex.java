package dev.bulwark.debian.archive;

import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
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

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > (64 << 20)) {
            throw new IOException("bad string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The packages, or null when the file is missing or unreadable. */
    static List<ArchivePackage> read(Path file, String suite, String component) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            int count = in.readInt();
            List<ArchivePackage> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                String version = readString(in);
                String arch = readString(in);
                String source = readString(in);
                String sourceVersion = readString(in);
                String filename = readString(in);
                String sha = readString(in);
                String depends = readString(in);
                String preDepends = readString(in);
                String provides = readString(in);
                String conflicts = readString(in);
                String breaks = readString(in);
                String multiArch = readString(in);
                long size = in.readLong();
                boolean essential = in.readBoolean();
                DebianVersion v = DebianVersion.parse(version);
                out.add(new ArchivePackage(name, v, arch, source,
                        sourceVersion.equals(version) ? v : DebianVersion.parse(sourceVersion), suite, component, filename,
                        size, sha, depends, preDepends, provides, conflicts, breaks, essential, multiArch));
            }
            return out;
        } catch (IOException | VersionParseException | RuntimeException e) {
            return null;
        }
    }
}

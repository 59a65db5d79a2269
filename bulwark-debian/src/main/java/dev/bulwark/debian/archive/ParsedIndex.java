package dev.bulwark.debian.archive;

import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A verified Packages index, parsed once and kept in a compact binary form keyed by the index's SHA-256, with a table
 * of package names and one of provided names, each sorted, pointing at the records. A warm resolve maps the file and
 * decodes only the records of the names it asks for. Written atomically; a file that is short, of another format or
 * whose CRC-32C does not match is ignored (and rewritten).
 *
 * <p>Layout (big-endian ints): the magic; the records (13 length-prefixed UTF-8 strings, the size as a long, Essential
 * as a byte); the name entries (name, count, record offsets), then their offsets sorted by name; the same for provided
 * names; a trailer of record count, end of the records, name count, where the name offsets start, provided-name count,
 * where theirs start, the offset of the first record whose Provides does not parse (or -1), the file's length, and the
 * CRC-32C of every byte before it.
 */
final class ParsedIndex implements PackageIndex {
    private static final int MAGIC = 0x42574b33; // "BWK3"; change it (and SUFFIX) when the layout or the fields change
    /** Not ".bin": older builds sharing the cache write that name in their own format. */
    private static final String SUFFIX = ".b3";
    private static final int TRAILER = 9 * 4;

    private final ByteBuffer b;
    private final String suite;
    private final String component;
    private final int recordCount;
    private final int recordsEnd;
    private final int nameCount;
    private final int namesAt;
    private final int providedCount;
    private final int providedAt;
    private final int malformedAt;
    /** Each record decoded once, so a package found by name and by what it provides is the same value. */
    private final Map<Integer, ArchivePackage> decoded = new HashMap<>();

    private ParsedIndex(ByteBuffer b, String suite, String component) throws IOException {
        this.b = b;
        this.suite = suite;
        this.component = component;
        int t = b.limit() - TRAILER;
        recordCount = b.getInt(t);
        recordsEnd = b.getInt(t + 4);
        nameCount = b.getInt(t + 8);
        namesAt = b.getInt(t + 12);
        providedCount = b.getInt(t + 16);
        providedAt = b.getInt(t + 20);
        malformedAt = b.getInt(t + 24);
        if (recordCount < 0 || nameCount < 0 || providedCount < 0 || recordsEnd < 4 || namesAt < recordsEnd
                || (long) namesAt + 4L * nameCount > providedAt || (long) providedAt + 4L * providedCount > t
                || malformedAt < -1 || malformedAt >= recordsEnd) {
            throw new IOException("inconsistent trailer");
        }
    }

    static Path pathFor(Path cacheDir, String indexSha256) {
        return cacheDir.resolve("indexes/parsed").resolve(indexSha256 + SUFFIX);
    }

    /**
     * The index kept in {@code file}, or null when it is missing, of another format, short or damaged. Every byte is
     * checked against the CRC before the file is used (read in chunks, so only the pages later looked at stay mapped).
     */
    static PackageIndex open(Path file, String suite, String component) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 4 + TRAILER || size > Integer.MAX_VALUE) {
                return null;
            }
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            if (b.getInt(0) != MAGIC || b.getInt((int) size - 8) != size || crc(ch, size - 4) != b.getInt((int) size - 4)) {
                return null;
            }
            return new ParsedIndex(b, suite, component);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int crc(FileChannel ch, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 16);
        for (long pos = 0; pos < length; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), length - pos));
            int n = ch.read(chunk, pos);
            if (n < 0) {
                throw new IOException("short file");
            }
            pos += n;
            crc.update(chunk.flip());
        }
        return (int) crc.getValue();
    }

    /** Writes {@code packages} (one index's, in index order) to {@code target}, atomically. */
    static void write(List<ArchivePackage> packages, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = dev.bulwark.core.TempFiles.createFile(target.getParent(), "parsed");
        try {
            CRC32C crc = new CRC32C();
            try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16), crc))) {
                out.writeInt(MAGIC);
                Map<String, List<Integer>> byName = new LinkedHashMap<>();
                Map<String, List<Integer>> byProvided = new LinkedHashMap<>();
                int malformed = -1;
                for (ArchivePackage p : packages) {
                    int at = out.size();
                    byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(at);
                    Set<String> provided = ListIndex.provided(p);
                    if (provided == null) {
                        malformed = malformed < 0 ? at : malformed;
                    } else {
                        provided.forEach(n -> byProvided.computeIfAbsent(n, k -> new ArrayList<>()).add(at));
                    }
                    writeRecord(out, p);
                }
                int recordsEnd = out.size();
                int namesAt = writeTable(out, byName);
                int providedAt = writeTable(out, byProvided);
                for (int v : new int[] {packages.size(), recordsEnd, byName.size(), namesAt, byProvided.size(), providedAt,
                        malformed}) {
                    out.writeInt(v);
                }
                if (out.size() >= Integer.MAX_VALUE - 8) {
                    throw new IOException("index too large for its format");
                }
                out.writeInt(out.size() + 8);
                out.flush();
                out.writeInt((int) crc.getValue());
            }
            dev.bulwark.core.TempFiles.replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeRecord(DataOutputStream out, ArchivePackage p) throws IOException {
        for (String s : new String[] {p.name(), p.version().toString(), p.architecture(), p.source(),
                p.sourceVersion().toString(), p.filename(), p.sha256(), p.depends(), p.preDepends(), p.provides(),
                p.conflicts(), p.breaks(), p.multiArch()}) {
            writeString(out, s.getBytes(StandardCharsets.UTF_8));
        }
        out.writeLong(p.size());
        out.writeBoolean(p.essential());
    }

    /** The entries (name, count, record offsets), then their offsets in name order; returns where those start. */
    private static int writeTable(DataOutputStream out, Map<String, List<Integer>> entries) throws IOException {
        record Entry(byte[] name, int at) {
        }
        List<Entry> written = new ArrayList<>(entries.size());
        for (var e : entries.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            written.add(new Entry(name, out.size()));
            writeString(out, name);
            out.writeInt(e.getValue().size());
            for (int at : e.getValue()) {
                out.writeInt(at);
            }
        }
        written.sort((x, y) -> Arrays.compareUnsigned(x.name(), y.name()));
        int tableAt = out.size();
        for (Entry e : written) {
            out.writeInt(e.at());
        }
        return tableAt;
    }

    /** Length-prefixed UTF-8: some fields (the Provides of Rust -dev packages) exceed writeUTF's 64 KiB. */
    private static void writeString(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public synchronized List<ArchivePackage> named(String name) {
        return records(namesAt, nameCount, name);
    }

    @Override
    public synchronized List<ArchivePackage> providing(String name) {
        return records(providedAt, providedCount, name);
    }

    /** The records of the entry called {@code name} in the sorted table at {@code tableAt}, found by binary search. */
    private List<ArchivePackage> records(int tableAt, int count, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int entry = b.getInt(tableAt + 4 * mid);
            int c = compare(entry, wanted);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                int at = entry + 4 + b.getInt(entry);
                int n = b.getInt(at);
                List<ArchivePackage> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(record(b.getInt(at + 4 + 4 * i)));
                }
                return out;
            }
        }
        return List.of();
    }

    /** The stored name at {@code entry} against {@code wanted}, as unsigned bytes (the order the table is sorted in). */
    private int compare(int entry, byte[] wanted) {
        int length = b.getInt(entry);
        int common = Math.min(length, wanted.length);
        for (int i = 0; i < common; i++) {
            int c = Integer.compare(b.get(entry + 4 + i) & 0xff, wanted[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(length, wanted.length);
    }

    private ArchivePackage record(int at) {
        ArchivePackage p = decoded.get(at);
        if (p == null) {
            if (at < 4 || at >= recordsEnd) {
                throw new IllegalStateException("parsed index refers to byte " + at + " outside its records");
            }
            p = decode(b.duplicate().position(at));
            decoded.put(at, p);
        }
        return p;
    }

    /**
     * The record at {@code in}'s position, leaving it just after; the file's CRC matched, so a failure here is a bug,
     * not damage on disk.
     */
    private ArchivePackage decode(ByteBuffer in) {
        String[] f = new String[13];
        for (int i = 0; i < f.length; i++) {
            f[i] = string(in);
        }
        long size = in.getLong();
        boolean essential = in.get() != 0;
        try {
            DebianVersion v = DebianVersion.parse(f[1]);
            DebianVersion sourceVersion = f[4].equals(f[1]) ? v : DebianVersion.parse(f[4]);
            return new ArchivePackage(f[0], v, f[2], f[3], sourceVersion, suite, component, f[5], size, f[6], f[7], f[8],
                    f[9], f[10], f[11], essential, f[12]);
        } catch (VersionParseException e) {
            throw new IllegalStateException("parsed index holds a malformed version: " + e.getMessage(), e);
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new HashSet<>(nameCount * 2);
        ByteBuffer in = b.duplicate();
        for (int i = 0; i < nameCount; i++) {
            names.add(string(in.position(b.getInt(namesAt + 4 * i))));
        }
        return names;
    }

    @Override
    public List<ArchivePackage> all() {
        List<ArchivePackage> out = new ArrayList<>(recordCount);
        ByteBuffer in = b.duplicate().position(4);
        for (int i = 0; i < recordCount; i++) {
            out.add(decode(in));
        }
        return out;
    }

    @Override
    public synchronized Optional<ArchivePackage> malformedProvides() {
        return malformedAt < 0 ? Optional.empty() : Optional.of(record(malformedAt));
    }
}

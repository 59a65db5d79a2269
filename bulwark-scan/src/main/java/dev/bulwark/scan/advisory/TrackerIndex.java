package dev.bulwark.scan.advisory;

import dev.bulwark.core.Sha256;
import dev.bulwark.core.TempFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where each source's object lies in a plain (not gzipped) tracker JSON file, so a scan parses only the sources its
 * image has instead of the whole file (the tracker's export is tens of MB; even the 0.7 MB test subset was a tenth of
 * a warm scan). Kept in {@code <dir>/<sha256 of the file's path>.idx}, written after a full read and valid only while
 * the file keeps the size, modification time, file key and change time recorded in it. Nothing read through it is trusted more
 * than the file: a span must still start with the source's own quoted name, a colon and an object, and must parse as
 * exactly one object; anything else sends the scan back to the full read.
 */
final class TrackerIndex {
    private static final String MAGIC = "bulwark-tracker-index 2";

    /** A source's name at {@code key}, its object from {@code start} to {@code end} (exclusive), as byte offsets. */
    record Span(long key, long start, long end) {
    }

    private final Path file;
    private final Path index;
    private final String identity;

    private TrackerIndex(Path file, Path index, String identity) {
        this.file = file;
        this.index = index;
        this.identity = identity;
    }

    /** The index of {@code file} kept in {@code dir}. */
    static TrackerIndex of(Path dir, Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        String identity = a.size() + " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " " + a.fileKey() + " "
                + changeTime(file);
        Path real = file.toRealPath();
        return new TrackerIndex(real, dir.resolve(Sha256.hex(real.toString().getBytes(StandardCharsets.UTF_8)) + ".idx"),
                identity);
    }

    /**
     * The inode's change time where the file system has one: any write or rename sets it, and unlike the modification
     * time no tool can set it back, so a rewrite that keeps the size and restores the time is still seen (a source it
     * added would otherwise be missing from the index, and its CVEs from the scan). Elsewhere "-": size, time and key.
     */
    private static String changeTime(Path file) {
        try {
            return Long.toString(((java.nio.file.attribute.FileTime) Files.getAttribute(file, "unix:ctime"))
                    .to(TimeUnit.NANOSECONDS));
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException | ClassCastException e) {
            return "-";
        }
    }

    /** The spans, or null when no index was written for the file as it is now, or it cannot be read. */
    Map<String, Span> read() {
        try {
            if (!Files.isRegularFile(index)) {
                return null;
            }
            String[] lines = Files.readString(index, StandardCharsets.UTF_8).split("\n");
            if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[1].equals(identity)) {
                return null;
            }
            Map<String, Span> spans = new HashMap<>(lines.length * 2);
            for (int i = 2; i < lines.length; i++) {
                String[] w = lines[i].split("\t");
                if (w.length != 4) {
                    return null;
                }
                spans.put(w[0], new Span(Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3])));
            }
            return spans.isEmpty() ? null : spans;   // an index lists every source; none means none was made
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Writes the spans found by a full read (temp file, then rename); a failure only costs the next scan a full read. */
    void write(Map<String, Span> spans) {
        try {
            Files.createDirectories(index.getParent());
            Path temp = TempFiles.createFile(index.getParent(), "tracker-index");
            try {
                try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    w.write(MAGIC + "\n" + identity + "\n");
                    for (Map.Entry<String, Span> e : spans.entrySet()) {
                        Span s = e.getValue();
                        w.write(e.getKey() + "\t" + s.key() + "\t" + s.start() + "\t" + s.end() + "\n");
                    }
                }
                TempFiles.replace(temp, index);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // the index is only a shortcut
        }
    }

    /** Whether a source name can be kept in the index's line format (and matched byte for byte in the file). */
    static boolean indexable(String source) {
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return !source.isEmpty();
    }

    /**
     * The bytes of a source's object, or null when the file does not hold {@code "source"} followed by a colon and
     * an object opening at the span's offsets.
     */
    byte[] object(FileChannel channel, String source, Span span) throws IOException {
        long length = span.end() - span.key();
        if (span.key() < 0 || span.start() <= span.key() || span.end() <= span.start() || length > Integer.MAX_VALUE
                || span.end() > channel.size()) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, span.key() + buffer.position()) < 0) {
                return null;
            }
        }
        byte[] b = buffer.array();
        byte[] name = ("\"" + source + "\"").getBytes(StandardCharsets.US_ASCII);
        if (b.length < name.length || !java.util.Arrays.equals(b, 0, name.length, name, 0, name.length)) {
            return null;
        }
        int i = name.length;
        i = skipSpace(b, i);
        if (i >= b.length || b[i] != ':') {
            return null;
        }
        i = skipSpace(b, i + 1);
        int start = (int) (span.start() - span.key());
        if (i != start || b[start] != '{' || b[b.length - 1] != '}') {
            return null;
        }
        return java.util.Arrays.copyOfRange(b, start, b.length);
    }

    private static int skipSpace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }
}

package dev.bulwark.debian.archive;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * A verified Packages index cut down to the fields resolution and locking read, stored uncompressed beside the
 * verified original. Decompressing xz dominates a warm resolve; the reduced copy is a third of the text and needs no
 * decompression. It is derived only from a file whose SHA-256 matched the signed Release, and is written atomically.
 */
final class ReducedIndex {

    /** Bump when the kept fields change, so old reduced copies are ignored. */
    /** r2: made only from a decode that matched the uncompressed index's SHA-256 (r1 files are not trusted). */
    private static final String FORMAT = "r2";

    private static final Set<String> KEPT = Set.of("package", "version", "architecture", "source", "depends",
            "pre-depends", "provides", "conflicts", "breaks", "essential", "multi-arch", "filename", "size", "sha256");

    private ReducedIndex() {
    }

    static Path pathFor(Path cacheDir, String indexSha256) {
        return cacheDir.resolve("indexes/reduced").resolve(indexSha256 + "." + FORMAT);
    }

    /** Writes the reduced copy of {@code decompressed} to {@code target}, atomically. */
    static void write(InputStream decompressed, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = dev.bulwark.core.TempFiles.createFile(target.getParent(), "reduced");
        try {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(decompressed, StandardCharsets.UTF_8), 1 << 16);
                    Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8), 1 << 16)) {
                boolean keep = false;
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        out.write('\n');
                        keep = false;
                        continue;
                    }
                    char first = line.charAt(0);
                    if (first != ' ' && first != '\t') {
                        int colon = line.indexOf(':');
                        keep = colon > 0 && KEPT.contains(line.substring(0, colon).toLowerCase(Locale.ROOT));
                    }
                    if (keep) {
                        out.write(line);
                        out.write('\n');
                    }
                }
            }
            dev.bulwark.core.TempFiles.replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

package dev.bulwark.oci.layer;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.internal.HashingOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a reproducible layer: entries sorted by the UTF-8 bytes of their path (so parents come before
 * children), every mtime the SOURCE_DATE_EPOCH, ownership and modes exactly as given. The tar streams through
 * the compressor into a temp file while both the diff_id and the layer digest are computed in the same pass;
 * nothing is held in memory. See {@link Compression} for how far the compressed digest is reproducible.
 */
public final class LayerWriter {
    private static final Comparator<TarEntry> BY_PATH_BYTES = (a, b) ->
            Arrays.compareUnsigned(a.path().getBytes(StandardCharsets.UTF_8), b.path().getBytes(StandardCharsets.UTF_8));

    private final Path tempDir;
    private final long sourceDateEpoch;
    private final Compression compression;

    public LayerWriter(Path tempDir, long sourceDateEpoch, Compression compression) {
        this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
        this.sourceDateEpoch = sourceDateEpoch;
        this.compression = Objects.requireNonNull(compression, "compression");
        if (sourceDateEpoch < 0) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH is negative: " + sourceDateEpoch);
        }
    }

    /** Writes the entries as one layer in a new file under the temp dir; the caller owns (and deletes) it. */
    public FileLayer write(Collection<TarEntry> entries) throws OciException {
        return write(order(entries), false);
    }

    /**
     * As {@link #write}, and the layer can replay its tar ({@link TarReplay}) while the temp dir exists: for entries
     * whose content sources live there (spooled package files) and are read by this build again.
     */
    public FileLayer writeReplayable(Collection<TarEntry> entries) throws OciException {
        return write(order(entries), true);
    }

    private FileLayer write(List<TarEntry> sorted, boolean replayable) throws OciException {
        Path file;
        try {
            Files.createDirectories(tempDir);
            file = dev.bulwark.core.TempFiles.createFile(tempDir, "layer");
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot create layer file in " + tempDir + ": " + e, e);
        }
        HashingOutputStream stored = null;
        HashingOutputStream tar = null;
        try {
            stored = HashingOutputStream.large(new BufferedOutputStream(Files.newOutputStream(file), 65536));
            try (OutputStream compressed = compression.wrap(stored)) {
                tar = HashingOutputStream.large(new BufferedOutputStream(compressed, 65536));
                TarWriter writer = new TarWriter(tar, sourceDateEpoch);
                for (TarEntry e : sorted) {
                    writer.write(e);
                }
                writer.finish();
                tar.flush();
            }
            Descriptor d = new Descriptor(compression.mediaType(), stored.digest(), stored.count());
            return new FileLayer(file, d, tar.digest(), tar.count(),
                    replayable ? new TarReplay(sorted, sourceDateEpoch, tempDir) : null);
        } catch (IOException | RuntimeException e) {
            if (stored != null) {
                stored.abandon();
            }
            if (tar != null) {
                tar.abandon();
            }
            deleteQuietly(file);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new OciException(Kind.ENVIRONMENT, "cannot write layer " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sorts entries and rejects duplicates. In each hard-link group the content travels with the name that
     * sorts first and every other name links to it, so an extractor always meets the file before its links.
     */
    static List<TarEntry> order(Collection<TarEntry> entries) throws OciException {
        Map<String, TarEntry> byPath = new HashMap<>();
        for (TarEntry e : entries) {
            if (byPath.putIfAbsent(e.path(), e) != null) {
                throw new OciException(Kind.BAD_INPUT, "cannot write layer: duplicate path " + e.path());
            }
        }
        Map<String, List<String>> groups = new HashMap<>();
        for (TarEntry e : entries) {
            if (e.type() != TarEntry.Type.HARDLINK) {
                continue;
            }
            TarEntry target = byPath.get(e.linkTarget());
            if (target == null || target.type() != TarEntry.Type.FILE) {
                throw new OciException(Kind.BAD_INPUT, "cannot write layer: hard link " + e.path()
                        + " points to " + e.linkTarget() + ", which is not a regular file in the layer");
            }
            groups.computeIfAbsent(target.path(), t -> new ArrayList<>(List.of(t))).add(e.path());
        }
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            TarEntry file = byPath.get(g.getKey());
            List<String> names = g.getValue();
            names.sort(Comparator.comparing(n -> n.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
            String first = names.get(0);
            byPath.put(first, new TarEntry(first, TarEntry.Type.FILE, file.mode(), file.uid(), file.gid(),
                    file.uname(), file.gname(), file.size(), null, file.content()));
            for (String other : names.subList(1, names.size())) {
                byPath.put(other, new TarEntry(other, TarEntry.Type.HARDLINK, file.mode(), file.uid(), file.gid(),
                        file.uname(), file.gname(), 0, first, null));
            }
        }
        List<TarEntry> sorted = new ArrayList<>(byPath.values());
        sorted.sort(BY_PATH_BYTES);
        return sorted;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the original failure is what the caller needs to see
        }
    }
}

package dev.bulwark.oci.transport.layout;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.TempFiles;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.DigestParseException;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.ImageIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes the blobs of an OCI layout that nothing references: everything reachable from an index.json entry
 * (indexes, manifests, configs, layers, referrers' subjects) stays, and so does every file that is not a blob
 * named by its digest (so blobs of another algorithm, blobs/sha512/…, are never removed). When a document an entry
 * reaches cannot be read or does not match its digest, nothing is removed. Stale temp files of killed writes go
 * too. Do not run it while another process writes the same layout: blobs of a write in progress are not
 * referenced yet.
 */
public final class LayoutGc {

    /** One removed blob. */
    public record Removed(Digest digest, long size) {
        public Removed {
            Objects.requireNonNull(digest, "digest");
        }
    }

    /** What a collection removed (or, in a dry run, would remove), and what it kept. */
    public record Result(Path layout, List<Removed> removed, long bytesFreed, int kept, boolean dryRun) {
        public Result {
            Objects.requireNonNull(layout, "layout");
            removed = List.copyOf(removed);
        }
    }

    private LayoutGc() {
    }

    public static Result collect(Path dir, boolean dryRun, Instant now) throws OciException {
        ImageIndex index = LayoutFiles.readIndex(dir);
        if (index == null || !Files.isRegularFile(dir.resolve(LayoutFiles.LAYOUT_FILE))) {
            throw new OciException(Kind.BAD_INPUT, "cannot collect garbage in " + dir + ": it is not an OCI layout "
                    + "(no oci-layout and index.json)");
        }
        Set<Digest> live;
        try {
            live = new LayoutGraph(dir).reachable(index.manifests());
        } catch (OciException e) {
            throw new OciException(e.kind(), "cannot collect garbage in " + dir + ": " + e.getMessage()
                    + "; nothing was removed: repair the layout or remove the index.json entry that reaches it", e);
        }
        Path blobs = dir.resolve("blobs").resolve("sha256");
        List<Removed> removed = new ArrayList<>();
        long freed = 0;
        int kept = 0;
        try (Stream<Path> files = Files.isDirectory(blobs) ? Files.list(blobs) : Stream.empty()) {
            for (Path p : files.sorted().toList()) {
                Digest d = blobDigest(p);
                if (d == null || !Files.isRegularFile(p)) {
                    continue;
                }
                if (live.contains(d)) {
                    kept++;
                    continue;
                }
                long size = Files.size(p);
                if (!dryRun) {
                    Files.delete(p);
                }
                removed.add(new Removed(d, size));
                freed += size;
            }
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot collect garbage in " + dir + ": " + e.getMessage(), e);
        }
        if (!dryRun) {
            freed += TempFiles.sweep(blobs, 0, now).bytes();
        }
        return new Result(dir, removed, freed, kept, dryRun);
    }

    private static Digest blobDigest(Path p) {
        String name = p.getFileName().toString();
        if (!name.matches("[0-9a-f]{64}")) {
            return null;
        }
        try {
            return Digest.parse("sha256:" + name);
        } catch (DigestParseException e) {
            return null;
        }
    }
}

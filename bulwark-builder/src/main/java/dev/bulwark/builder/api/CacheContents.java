package dev.bulwark.builder.api;

import dev.bulwark.core.TempFiles;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a Bulwark cache holds, area by area, and pruning it by last use. Every entry of an area can be fetched or
 * computed again; the advisory database ('bulwark advisories update' keeps it on purpose) is never an entry. An
 * entry's last use is the later of its access and modification times: on a {@code relatime} mount (Linux's default)
 * a read moves the access time at most once a day, so a file some build still reads is never older than a day.
 */
public final class CacheContents {

    /** How an area's entries are laid out: each regular file is one, or each top-level directory is one as a whole. */
    private enum Layout { FILES, UNITS }

    private record Area(String name, String path, Layout layout, String holds) {
    }

    private static final List<Area> AREAS = List.of(
            new Area("debs", "debs", Layout.FILES, ".debs by SHA-256"),
            new Area("indexes", "indexes", Layout.FILES, "InRelease files and package indexes"),
            new Area("layers", "layers", Layout.FILES, "records of built layers"),
            new Area("blobs", "blobs", Layout.FILES, "compressed layers"),
            new Area("evidence", "evidence", Layout.UNITS, "SBOMs and provenance of builds"),
            // a base's OCI layout is only whole with all its blobs: it goes as one
            new Area("bases", "bases", Layout.UNITS, "base images built from their specs"),
            new Area("changelogs", "changelogs", Layout.FILES, "Debian changelogs and what was read from them"),
            new Area("advisory-indexes", "advisories/index", Layout.FILES, "indexes of the advisory database"),
            new Area("scan-inputs", "scan-inputs", Layout.FILES, "what scans read from images"),
            new Area("lock-checks", "lock-checks", Layout.FILES, "answers of the stale-lock check"),
            new Area("watch", "watch", Layout.UNITS, "locks that watch staged"));

    private CacheContents() {
    }

    /** One entry: a file, or a directory that is used and removed as a whole. */
    public record Entry(String area, Path path, long bytes, Instant lastUsed) {
        public Entry {
            Objects.requireNonNull(area, "area");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(lastUsed, "lastUsed");
        }
    }

    /** An area's entries in total; the use times are null when it has none. */
    public record AreaUsage(String area, String holds, int entries, long bytes, Instant oldestUse, Instant newestUse) {
    }

    /** A whole cache; {@code advisoryDatabase} is the bytes of the kept advisory database (0 when none). */
    public record Survey(Path cache, List<AreaUsage> areas, long advisoryDatabase) {
        public Survey {
            areas = List.copyOf(areas);
        }

        public int entries() {
            return areas.stream().mapToInt(AreaUsage::entries).sum();
        }

        public long bytes() {
            return areas.stream().mapToLong(AreaUsage::bytes).sum();
        }
    }

    /**
     * A prune: entries last used before {@code now - olderThan} go, or every entry when {@code olderThan} is null;
     * a .deb whose SHA-256 is in {@code keepDebs} stays whatever its age (the archive drops superseded versions, so
     * the cache may hold the only copy a lock can still be built from). With {@code dryRun} nothing is removed.
     */
    public record PruneRequest(Path cache, Duration olderThan, Set<String> keepDebs, boolean dryRun, Instant now) {
        public PruneRequest {
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(now, "now");
            keepDebs = Set.copyOf(keepDebs);
            if (olderThan != null && olderThan.isNegative()) {
                throw new IllegalArgumentException("olderThan is negative: " + olderThan);
            }
        }
    }

    /**
     * What a prune removed (or would): the entries, the temp files killed runs left ({@code leftovers}), and what
     * stays; {@code failed} counts entries that could not be removed (another user's files, a read-only cache).
     */
    public record PruneResult(Path cache, boolean dryRun, Duration olderThan, List<Entry> removed, long bytesFreed,
            int leftovers, long leftoverBytes, int kept, long keptBytes, int failed) {
        public PruneResult {
            removed = List.copyOf(removed);
        }
    }

    /** The entries of every area, oldest use first within an area. A missing cache holds nothing. */
    public static Survey survey(Path cache) {
        List<AreaUsage> areas = new ArrayList<>();
        for (Area a : AREAS) {
            areas.add(usage(a, entries(cache, a)));
        }
        Path db = cache.resolve("advisories");
        long dbBytes = 0;
        for (String name : List.of("db.properties", "tracker.json", "osv.zip")) {
            Path f = db.resolve(name);
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                long size = TempFiles.treeSize(f);
                dbBytes += Math.max(0, size);
            }
        }
        return new Survey(cache, areas, dbBytes);
    }

    /** Removes (or, on a dry run, lists) what {@code request} names; temp files of live processes always stay. */
    public static PruneResult prune(PruneRequest request) {
        TempFiles.Sweep sweep = CacheDirectory.sweep(request.cache(), request.now(), request.dryRun());
        Instant cutoff = request.olderThan() == null ? null : request.now().minus(request.olderThan());
        List<Entry> removed = new ArrayList<>();
        long freed = 0;
        int kept = 0;
        long keptBytes = 0;
        int failed = 0;
        for (Area a : AREAS) {
            for (Entry e : entries(request.cache(), a)) {
                boolean keep = cutoff != null && !e.lastUsed().isBefore(cutoff)
                        || a.name().equals("debs") && request.keepDebs().contains(e.path().getFileName().toString());
                if (keep) {
                    kept++;
                    keptBytes += e.bytes();
                    continue;
                }
                long size = request.dryRun() ? e.bytes() : TempFiles.deleteTree(e.path());
                if (size < 0) {
                    failed++;
                    kept++;
                    keptBytes += e.bytes();
                } else {
                    removed.add(e);
                    freed += e.bytes();
                }
            }
            if (!request.dryRun() && a.layout() == Layout.FILES) {
                removeEmptyDirectories(request.cache().resolve(a.path()));
            }
        }
        return new PruneResult(request.cache(), request.dryRun(), request.olderThan(), removed, freed,
                sweep.removed().size(), sweep.bytes(), kept, keptBytes, failed);
    }

    private static AreaUsage usage(Area a, List<Entry> entries) {
        long bytes = entries.stream().mapToLong(Entry::bytes).sum();
        Instant oldest = entries.isEmpty() ? null : entries.get(0).lastUsed();
        Instant newest = entries.stream().map(Entry::lastUsed).max(Comparator.naturalOrder()).orElse(null);
        return new AreaUsage(a.name(), a.holds(), entries.size(), bytes, oldest, newest);
    }

    /** An area's entries, oldest use first; temp files (and what temp directories hold) are not entries. */
    private static List<Entry> entries(Path cache, Area area) {
        Path root = cache.resolve(area.path());
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        if (area.layout() == Layout.FILES) {
            walk(root, (file, attrs) -> out.add(new Entry(area.name(), file, attrs.size(), lastUse(attrs))));
        } else {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
                for (Path child : children) {
                    unit(area, child).ifPresent(out::add);
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable area lists nothing, so nothing of it is removed
            }
        }
        out.sort(Comparator.comparing(Entry::lastUsed).thenComparing(Entry::path));
        return out;
    }

    private static java.util.Optional<Entry> unit(Area area, Path child) {
        if (TempFiles.isTemp(child.getFileName().toString())) {
            return java.util.Optional.empty();
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        if (attrs.isRegularFile()) {
            return java.util.Optional.of(new Entry(area.name(), child, attrs.size(), lastUse(attrs)));
        }
        if (!attrs.isDirectory()) {
            return java.util.Optional.empty(); // a symbolic link is not Bulwark's: left alone
        }
        // Its files say when it was last used: listing or changing a directory moves the directory's own times.
        long[] bytes = {0};
        Instant[] last = {null};
        walk(child, (file, a) -> {
            bytes[0] += a.size();
            Instant used = lastUse(a);
            if (last[0] == null || used.isAfter(last[0])) {
                last[0] = used;
            }
        });
        Instant used = last[0] != null ? last[0] : attrs.lastModifiedTime().toInstant();
        return java.util.Optional.of(new Entry(area.name(), child, bytes[0], used));
    }

    private interface FileVisit {
        void visit(Path file, BasicFileAttributes attrs);
    }

    /** Visits the regular files below {@code root}, never following a link and skipping temp files and directories. */
    private static void walk(Path root, FileVisit visit) {
        walk(root, visit, dir -> { });
    }

    /** As {@link #walk(Path, FileVisit)}, also handing each directory to {@code after} once its content was seen. */
    private static void walk(Path root, FileVisit visit, java.util.function.Consumer<Path> after) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && TempFiles.isTemp(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !TempFiles.isTemp(file.getFileName().toString())) {
                        visit.visit(file, attrs);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    after.accept(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // what could not be read is not listed, so it is not removed either
        }
    }

    private static Instant lastUse(BasicFileAttributes attrs) {
        Instant accessed = attrs.lastAccessTime().toInstant();
        Instant modified = attrs.lastModifiedTime().toInstant();
        return accessed.isAfter(modified) ? accessed : modified;
    }

    /**
     * Removes directories left empty two or more levels below an area (a suite's InRelease directory, say); the
     * levels above are where Bulwark writes and stay.
     */
    private static void removeEmptyDirectories(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int rootDepth = root.getNameCount();
        walk(root, (file, attrs) -> { }, dir -> {
            if (dir.getNameCount() - rootDepth >= 2) {
                try {
                    Files.delete(dir);
                } catch (DirectoryNotEmptyException ignored) {
                    // still holds entries
                } catch (IOException ignored) {
                    // an empty directory costs an inode; the next prune tries again
                }
            }
        });
    }
}

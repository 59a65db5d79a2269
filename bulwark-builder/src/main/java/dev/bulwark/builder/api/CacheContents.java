package dev.bulwark.builder.api;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException.Kind;
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
            areas.add(usage(a, entries(cache, a).stream().map(Found::entry).toList()));
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

    /**
     * Removes (or, on a dry run, lists) what {@code request} names, only in a cache Bulwark made (its
     * {@value CacheDirectory#TAG} says so), so a --cache naming some other directory loses nothing. Temp files of
     * live processes always stay, and so does a whole entry (a base being rebuilt, say) that holds one. Each entry is
     * looked at again just before it goes, and a whole directory is first renamed away, so a run reading it meanwhile
     * finds it complete or not at all.
     */
    public static PruneResult prune(PruneRequest request) throws BuildException {
        if (!CacheDirectory.isBulwarks(request.cache())) {
            throw new BuildException(Kind.BAD_INPUT, "cannot prune " + request.cache() + ": it is not a cache Bulwark "
                    + "made (no " + CacheDirectory.TAG + " of Bulwark's in it), and pruning removes files by age; name "
                    + "the directory Bulwark caches in (--cache, BULWARK_CACHE). A cache an old Bulwark made without "
                    + "the tag gets it from 'bulwark cache tag --cache DIR'");
        }
        TempFiles.Sweep sweep = CacheDirectory.sweep(request.cache(), request.now(), request.dryRun());
        Instant cutoff = request.olderThan() == null ? null : request.now().minus(request.olderThan());
        List<Entry> removed = new ArrayList<>();
        long freed = 0;
        int kept = 0;
        long keptBytes = 0;
        int failed = 0;
        for (Area a : AREAS) {
            for (Found f : entries(request.cache(), a)) {
                if (f.busy() || keeps(request, a, cutoff, f.entry())) {
                    kept++;
                    keptBytes += f.entry().bytes();
                    continue;
                }
                if (request.dryRun()) {
                    removed.add(f.entry());
                    freed += f.entry().bytes();
                    continue;
                }
                // Looked at again: a run may have used it, or removed it, since the listing.
                java.util.Optional<Found> now = a.layout() == Layout.FILES ? file(a, f.entry().path())
                        : unit(a, f.entry().path());
                if (now.isEmpty()) {
                    continue;
                }
                if (now.get().busy() || keeps(request, a, cutoff, now.get().entry())) {
                    kept++;
                    keptBytes += now.get().entry().bytes();
                    continue;
                }
                if (remove(request.cache().resolve(a.path()), now.get().entry().path())) {
                    removed.add(now.get().entry());
                    freed += now.get().entry().bytes();
                } else {
                    failed++;
                    kept++;
                    keptBytes += now.get().entry().bytes();
                }
            }
            if (!request.dryRun() && a.layout() == Layout.FILES) {
                removeEmptyDirectories(request.cache().resolve(a.path()));
            }
        }
        return new PruneResult(request.cache(), request.dryRun(), request.olderThan(), removed, freed,
                sweep.removed().size(), sweep.bytes(), kept, keptBytes, failed);
    }

    private static boolean keeps(PruneRequest request, Area a, Instant cutoff, Entry e) {
        return cutoff != null && !e.lastUsed().isBefore(cutoff)
                || a.name().equals("debs") && request.keepDebs().contains(e.path().getFileName().toString());
    }

    /**
     * Removes one entry: a file at once, a directory by first moving it into a temp directory of its area (one
     * rename, so no reader sees it half gone; a prune killed midway leaves a temp directory the next sweep removes).
     */
    private static boolean remove(Path areaRoot, Path entry) {
        try {
            if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(entry);
                return true;
            }
            Path away = TempFiles.createDirectory(areaRoot, "prune");
            Files.move(entry, away.resolve("entry"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return TempFiles.deleteTree(away) >= 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** An entry as listed, and whether it holds a temp file (a run is writing into it): then it is never removed. */
    private record Found(Entry entry, boolean busy) {
    }

    private static AreaUsage usage(Area a, List<Entry> entries) {
        long bytes = entries.stream().mapToLong(Entry::bytes).sum();
        Instant oldest = entries.isEmpty() ? null : entries.get(0).lastUsed();
        Instant newest = entries.stream().map(Entry::lastUsed).max(Comparator.naturalOrder()).orElse(null);
        return new AreaUsage(a.name(), a.holds(), entries.size(), bytes, oldest, newest);
    }

    /** An area's entries, oldest use first; temp files (and what temp directories hold) are not entries. */
    private static List<Found> entries(Path cache, Area area) {
        Path root = cache.resolve(area.path());
        List<Found> out = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        if (area.layout() == Layout.FILES) {
            walk(root, (file, attrs) -> out.add(new Found(new Entry(area.name(), file, attrs.size(), lastUse(attrs)),
                    false)));
        } else {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
                for (Path child : children) {
                    if (!TempFiles.isTemp(child.getFileName().toString())) {
                        unit(area, child).ifPresent(out::add);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable area lists nothing, so nothing of it is removed
            }
        }
        out.sort(Comparator.comparing((Found f) -> f.entry().lastUsed()).thenComparing(f -> f.entry().path()));
        return out;
    }

    /** One file of a FILES area as it is now; empty when it is gone or no longer a regular file. */
    private static java.util.Optional<Found> file(Area area, Path file) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() ? java.util.Optional.of(new Found(new Entry(area.name(), file, attrs.size(),
                    lastUse(attrs)), false)) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** A top-level entry of a UNITS area: a file, or a directory with every file in it; a link is not Bulwark's. */
    private static java.util.Optional<Found> unit(Area area, Path child) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        if (attrs.isRegularFile()) {
            return java.util.Optional.of(new Found(new Entry(area.name(), child, attrs.size(), lastUse(attrs)), false));
        }
        if (!attrs.isDirectory()) {
            return java.util.Optional.empty();
        }
        // Its files say when it was last used: listing or changing a directory moves the directory's own times.
        long[] bytes = {0};
        Instant[] last = {null};
        boolean[] busy = {false};
        walk(child, (file, a) -> {
            bytes[0] += a.size();
            Instant used = lastUse(a);
            if (last[0] == null || used.isAfter(last[0])) {
                last[0] = used;
            }
        }, dir -> { }, temp -> busy[0] = true);
        Instant used = last[0] != null ? last[0] : attrs.lastModifiedTime().toInstant();
        return java.util.Optional.of(new Found(new Entry(area.name(), child, bytes[0], used), busy[0]));
    }

    private interface FileVisit {
        void visit(Path file, BasicFileAttributes attrs);
    }

    /** Visits the regular files below {@code root}, never following a link and skipping temp files and directories. */
    private static void walk(Path root, FileVisit visit) {
        walk(root, visit, dir -> { }, temp -> { });
    }

    /**
     * As {@link #walk(Path, FileVisit)}, also handing each directory to {@code after} once its content was seen, and
     * each temp file or directory (not entered) to {@code onTemp}.
     */
    private static void walk(Path root, FileVisit visit, java.util.function.Consumer<Path> after,
            java.util.function.Consumer<Path> onTemp) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && TempFiles.isTemp(dir.getFileName().toString())) {
                        onTemp.accept(dir);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (TempFiles.isTemp(file.getFileName().toString())) {
                        onTemp.accept(file);
                    } else if (attrs.isRegularFile()) {
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
        }, temp -> { });
    }
}

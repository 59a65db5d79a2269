package dev.bulwark.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.builder.api.ArchiveSettings;
import dev.bulwark.builder.api.CacheContents;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.text.Escape;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.spec.lock.LockfileException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark cache info|prune}: what the cache holds, and removing what no build has used for a while. */
@Command(name = "cache",
        header = "Show what the cache holds; remove what no build has used for a while.",
        description = {"The cache keeps .debs, package indexes, built layers, evidence and scan inputs, so later "
                + "runs download and compute nothing twice. It only grows: each archive update brings new indexes "
                + "and .debs. 'cache info' shows each area's size and last use; 'cache prune' removes entries no run "
                + "has used for 30 days (--older-than), or all of them (--all). Everything removed is downloaded or "
                + "computed again when a run needs it, except a .deb the archive has since dropped: each build records "
                + "its use of the .debs it needs, even when its layers are all cached, and --keep LOCK keeps the "
                + ".debs of a lock no run has used lately. "
                + "The advisory database ('bulwark advisories update') is never removed, and only a directory "
                + "Bulwark tagged as its cache is pruned."},
        footer = {"", "Examples:",
                "  bulwark cache info",
                "  bulwark cache prune --dry-run",
                "  bulwark cache prune --older-than 7d --keep examples/python3.yaml.lock.json"},
        mixinStandardHelpOptions = true,
        subcommands = {CacheCommand.Info.class, CacheCommand.Prune.class, CacheCommand.Tag.class})
final class CacheCommand implements Callable<Integer> {
    @Spec
    CommandSpec self;

    @Override
    public Integer call() {
        CommandLine cli = self.commandLine();
        cli.usage(cli.getErr());
        return 2;
    }

    /** {@code --cache DIR}, as on the verbs that fill the cache. */
    static final class CacheOption {
        @Option(names = "--cache", paramLabel = "DIR",
                description = "The cache (default: BULWARK_CACHE, else ~/.cache/bulwark).")
        String cache;

        Path dir() {
            return ArchiveSettings.cacheDir(cache, System.getenv());
        }

        /** The cache directory when it exists; empty when nothing was cached there yet; bad input when a file. */
        java.util.Optional<Path> existing() throws BulwarkException {
            Path dir = dir();
            if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return java.util.Optional.empty();
            }
            if (!Files.isDirectory(dir)) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot use " + dir + " as the cache: it is not a directory; "
                        + "pass --cache DIR or set BULWARK_CACHE to Bulwark's cache directory");
            }
            return java.util.Optional.of(dir);
        }
    }

    @Command(name = "info", header = "Show each area of the cache: entries, size, oldest and newest use.",
            description = {"An entry's last use is the later of its access and modification times; on a relatime "
                    + "mount (Linux's default) reading a file moves its access time at most once a day."},
            footer = {"", "Examples:",
                    "  bulwark cache info",
                    "  bulwark cache info --cache /var/cache/bulwark --format json"},
            mixinStandardHelpOptions = true)
    static final class Info implements Callable<Integer> {
        @Mixin
        CacheOption cacheOption;
        @Mixin
        FormatOption format;
        @Spec
        CommandSpec self;

        @Override
        public Integer call() throws BulwarkException {
            PrintWriter out = self.commandLine().getOut();
            if (cacheOption.existing().isEmpty() && !format.json()) {
                out.println("No cache at " + Escape.text(cacheOption.dir().toString()) + " yet: nothing was cached there");
                out.flush();
                return 0;
            }
            CacheContents.Survey s = CacheContents.survey(cacheOption.dir());
            boolean tagged = dev.bulwark.builder.api.CacheDirectory.isBulwarks(cacheOption.dir());
            out.println(format.json() ? Json.render(toJson(s).put("bulwarkCache", tagged)) : toText(s, tagged));
            out.flush();
            return 0;
        }

        private static String toText(CacheContents.Survey s, boolean tagged) {
            StringBuilder b = new StringBuilder();
            b.append("Cache ").append(Escape.text(s.cache().toString())).append(": ").append(Sizes.human(s.bytes())).append(" in ")
                    .append(s.entries()).append(" entries\n");
            b.append(String.format(Locale.ROOT, "  %-17s %7s %10s  %-10s  %-10s  %s%n", "AREA", "ENTRIES", "SIZE",
                    "OLDEST USE", "NEWEST USE", "HOLDS"));
            for (CacheContents.AreaUsage a : s.areas()) {
                b.append(String.format(Locale.ROOT, "  %-17s %7d %10s  %-10s  %-10s  %s%n", a.area(), a.entries(),
                        Sizes.human(a.bytes()), day(a.oldestUse()), day(a.newestUse()), a.holds()));
            }
            if (s.advisoryDatabase() > 0) {
                b.append("The advisory database (").append(Sizes.human(s.advisoryDatabase()))
                        .append(") is kept apart; 'bulwark advisories update' replaces it, no prune removes it.\n");
            }
            b.append(tagged ? "'bulwark cache prune --dry-run' lists what a prune would remove."
                    : "This directory is not marked as a cache Bulwark made (no CACHEDIR.TAG of Bulwark's), so no prune "
                    + "touches it; if an older Bulwark made it, 'bulwark cache tag' marks it.");
            return b.toString();
        }

        private static ObjectNode toJson(CacheContents.Survey s) {
            ObjectNode root = Json.object();
            root.put("cache", s.cache().toString());
            root.put("entries", s.entries());
            root.put("size", s.bytes());
            root.put("advisoryDatabaseBytes", s.advisoryDatabase());
            ArrayNode areas = root.putArray("areas");
            for (CacheContents.AreaUsage a : s.areas()) {
                ObjectNode o = areas.addObject().put("area", a.area()).put("holds", a.holds())
                        .put("entries", a.entries()).put("size", a.bytes());
                putTime(o, "oldestUse", a.oldestUse());
                putTime(o, "newestUse", a.newestUse());
            }
            return root;
        }
    }

    @Command(name = "prune", header = "Remove cache entries no run has used for a while (default 30 days).",
            description = {"Removes every entry last used before --older-than (default 30d), or every entry with "
                    + "--all, and the temp files killed runs left. Kept whatever their age: the .debs each --keep lock "
                    + "names, the advisory database, and the temp files of runs still going. Run it between builds: "
                    + "a build that finds an entry gone downloads or computes it again, but --all while a build runs "
                    + "can make that build fail."},
            footer = {"", "Examples:",
                    "  bulwark cache prune --dry-run",
                    "  bulwark cache prune --older-than 7d",
                    "  bulwark cache prune --all --keep app.yaml.lock.json --format json"},
            mixinStandardHelpOptions = true)
    static final class Prune implements Callable<Integer> {
        @Option(names = "--older-than", paramLabel = "AGE", converter = DurationConverter.class,
                description = "Remove entries unused for at least AGE, a day or more: 1d, 7d, 30d (default: 30d).")
        Duration olderThan;
        @Option(names = "--all", description = "Remove every entry, whatever its age.")
        boolean all;
        @Option(names = "--keep", paramLabel = "LOCK",
                description = "Keep the .debs this lock file names (repeatable).")
        List<Path> keep = List.of();
        @Option(names = "--dry-run", description = "Only report what would be removed.")
        boolean dryRun;
        @Mixin
        CacheOption cacheOption;
        @Mixin
        FormatOption format;
        @Spec
        CommandSpec self;

        @Override
        public Integer call() throws BulwarkException {
            if (all && olderThan != null) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot prune the cache: --all and --older-than say "
                        + "different things; give one");
            }
            if (olderThan != null && olderThan.compareTo(Duration.ofDays(1)) < 0) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot prune the cache by an age under a day (--older-than "
                        + "1d or more): a read moves a file's access time at most once a day (relatime), so a file "
                        + "read an hour ago can look unused; --all removes every entry");
            }
            Duration age = all ? null : olderThan == null ? Duration.ofDays(30) : olderThan;
            if (cacheOption.existing().isEmpty()) {
                self.commandLine().getOut().println("Nothing to prune: no cache at "
                        + Escape.text(cacheOption.dir().toString()));
                self.commandLine().getOut().flush();
                return 0;
            }
            Path dir = cacheOption.dir();
            Instant now = Clock.systemUTC().instant();
            CacheContents.PruneResult r = CacheContents.prune(new CacheContents.PruneRequest(dir, age, keptDebs(),
                    dryRun, now));
            PrintWriter out = self.commandLine().getOut();
            out.println(format.json() ? Json.render(toJson(r)) : toText(r));
            out.flush();
            if (r.failed() > 0) {
                PrintWriter err = self.commandLine().getErr();
                err.println("bulwark: " + r.failed() + " cache entries could not be removed (their files belong to "
                        + "another user or the cache is read-only); run the prune as the cache's owner");
                err.flush();
                return 3;
            }
            return 0;
        }

        /** The SHA-256 of every .deb the --keep locks name, for every architecture. */
        private Set<String> keptDebs() throws BulwarkException {
            Set<String> out = new HashSet<>();
            for (Path lock : keep) {
                if (!Files.isRegularFile(lock)) {
                    throw new BulwarkException(Kind.BAD_INPUT, "cannot keep the .debs of " + lock + ": no such file; "
                            + "--keep takes a lock file (SPEC.lock.json)");
                }
                try {
                    Lockfile l = LockfileCodec.read(lock);
                    l.archs().values().forEach(pkgs -> pkgs.forEach(p -> out.add(p.sha256())));
                } catch (LockfileException e) {
                    throw new BulwarkException(Kind.BAD_INPUT, "cannot keep the .debs of " + lock + ": "
                            + e.getMessage(), e);
                }
            }
            return out;
        }

        private static String toText(CacheContents.PruneResult r) {
            StringBuilder b = new StringBuilder();
            String verb = r.dryRun() ? "would remove " : "removed ";
            for (CacheContents.Entry e : r.removed()) {
                b.append(verb).append(e.area()).append(' ').append(Escape.text(r.cache().relativize(e.path()).toString()))
                        .append("  ")
                        .append(Sizes.human(e.bytes())).append("  last used ").append(day(e.lastUsed())).append('\n');
            }
            b.append("Cache ").append(Escape.text(r.cache().toString())).append(": ").append(verb).append(r.removed().size())
                    .append(r.olderThan() == null ? " entries" : " entries unused for " + age(r.olderThan()))
                    .append(", ").append(Sizes.human(r.bytesFreed())).append(r.dryRun() ? " would be freed" : " freed");
            if (r.leftovers() > 0) {
                b.append("; ").append(verb).append(r.leftovers()).append(" temp file(s) of killed runs (")
                        .append(Sizes.human(r.leftoverBytes())).append(')');
            }
            b.append("; kept ").append(r.kept()).append(" entries, ").append(Sizes.human(r.keptBytes()));
            return b.toString();
        }

        private static ObjectNode toJson(CacheContents.PruneResult r) {
            ObjectNode root = Json.object();
            root.put("cache", r.cache().toString());
            root.put("dryRun", r.dryRun());
            if (r.olderThan() == null) {
                root.putNull("olderThanSeconds");
            } else {
                root.put("olderThanSeconds", r.olderThan().toSeconds());
            }
            root.put("bytesFreed", r.bytesFreed());
            root.put("leftovers", r.leftovers());
            root.put("leftoverBytes", r.leftoverBytes());
            root.put("kept", r.kept());
            root.put("keptBytes", r.keptBytes());
            root.put("failed", r.failed());
            ArrayNode removed = root.putArray("removed");
            for (CacheContents.Entry e : r.removed()) {
                ObjectNode o = removed.addObject().put("area", e.area())
                        .put("path", r.cache().relativize(e.path()).toString()).put("size", e.bytes());
                putTime(o, "lastUsed", e.lastUsed());
            }
            return root;
        }

        private static String age(Duration d) {
            if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
                return d.toDays() + " d";
            }
            if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
                return d.toHours() + " h";
            }
            return d.toSeconds() + " s";
        }
    }

    @Command(name = "tag", header = "Mark a directory as a cache Bulwark made, so 'cache prune' works in it.",
            description = {"Bulwark writes CACHEDIR.TAG (the Cache Directory Tagging format, which backup tools "
                    + "skip) into a cache it creates, and prunes only a directory that has it. A cache made by a "
                    + "Bulwark older than the tag lacks it: this writes it. The directory must hold at least one of "
                    + "the cache's own directories (debs, indexes, layers, blobs, …)."},
            footer = {"", "Examples:",
                    "  bulwark cache tag",
                    "  bulwark cache tag --cache /var/cache/bulwark"},
            mixinStandardHelpOptions = true)
    static final class Tag implements Callable<Integer> {
        @Mixin
        CacheOption cacheOption;
        @Spec
        CommandSpec self;

        @Override
        public Integer call() throws BulwarkException {
            Path dir = cacheOption.existing().orElseThrow(() -> new BulwarkException(Kind.BAD_INPUT, "cannot tag "
                    + cacheOption.dir() + ": no such directory"));
            boolean looksOurs = dev.bulwark.builder.api.CacheDirectory.SUBDIRS.stream()
                    .anyMatch(sub -> Files.isDirectory(dir.resolve(sub), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            if (!looksOurs) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot tag " + dir + " as Bulwark's cache: it holds none "
                        + "of the cache's directories (debs, indexes, layers, blobs, …); name the directory Bulwark "
                        + "caches in");
            }
            try {
                dev.bulwark.builder.api.CacheDirectory.markAsBulwarks(dir);
            } catch (java.io.IOException e) {
                throw new BulwarkException(Kind.ENVIRONMENT, "cannot tag " + dir + ": " + e.getMessage(), e);
            }
            self.commandLine().getOut().println("Marked " + Escape.text(dir.toString()) + " as Bulwark's cache");
            self.commandLine().getOut().flush();
            return 0;
        }
    }

    private static String day(Instant t) {
        return t == null ? "-" : t.toString().substring(0, 10);
    }

    private static void putTime(ObjectNode o, String field, Instant t) {
        if (t == null) {
            o.putNull(field);
        } else {
            o.put(field, t.toString());
        }
    }
}

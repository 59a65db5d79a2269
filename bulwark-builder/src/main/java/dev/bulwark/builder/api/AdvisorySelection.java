package dev.bulwark.builder.api;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.scan.ScanException;
import dev.bulwark.scan.advisory.Advisory;
import dev.bulwark.scan.advisory.AdvisoryQuery;
import dev.bulwark.scan.advisory.AdvisorySource;
import dev.bulwark.scan.advisory.AdvisoryStore;
import dev.bulwark.scan.advisory.OsvSource;
import dev.bulwark.scan.advisory.TrackerJsonSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a scan's advisories come from, chosen from names a user gives, most authoritative first: a tracker JSON file,
 * an OSV directory or zip, {@code db} (the database {@code advisories update} keeps) or {@code archive-changelog}.
 * With no names: the database when one was fetched, else the archive's changelogs (with a note saying so).
 */
public final class AdvisorySelection {

    /** Opens the archive only when a changelog source needs it (the database alone needs no mirror). */
    @FunctionalInterface
    public interface WorkspaceOpener {
        Workspace open() throws BulwarkException;
    }

    /** The sources in order, and what to tell the user once about them (a stale database, a fallback). */
    public record Selected(List<AdvisorySource> sources, List<String> notes) {
        public Selected {
            sources = List.copyOf(sources);
            notes = List.copyOf(notes);
        }
    }

    private AdvisorySelection() {
    }

    /**
     * @param env where {@value AdvisoryStore#MAX_AGE_ENV} says past which age the database is used with a warning
     */
    public static Selected select(List<String> names, Path cacheDir, java.util.Map<String, String> env, Clock clock,
            WorkspaceOpener archive, String architecture, Progress progress) throws BulwarkException {
        AdvisoryStore store = new AdvisoryStore(cacheDir, clock);
        List<String> notes = new ArrayList<>();
        List<String> wanted = new ArrayList<>(names);
        if (wanted.isEmpty()) {
            if (store.current().isPresent()) {
                wanted.add("db");
            } else {
                wanted.add("archive-changelog");
                notes.add("no advisory database: using archive changelogs only (CVEs named in newer versions'"
                        + " changelogs); run 'bulwark advisories update' to fetch the Debian security tracker");
            }
        }
        List<AdvisorySource> out = new ArrayList<>();
        for (String w : wanted) {
            switch (w) {
                case "db" -> out.add(dbSource(store, AdvisoryStore.maxAge(env), clock.instant(), notes));
                case "archive-changelog", "changelog" -> out.add(archive.open().changelogSource(architecture, progress));
                default -> out.add(fileSource(Path.of(w), cacheDir));
            }
        }
        return new Selected(out, notes);
    }

    private static AdvisorySource dbSource(AdvisoryStore store, Duration maxAge, Instant now, List<String> notes)
            throws BulwarkException {
        AdvisoryStore.Stored stored = store.current().orElseThrow(() -> new BulwarkException(Kind.BAD_INPUT,
                "cannot use the advisory database: none was fetched yet; run 'bulwark advisories update' first"));
        if (stored.age(now).compareTo(maxAge) > 0) {
            notes.add("warning: the advisory database is " + AdvisoryStore.humanAge(stored.age(now)) + " old (updated "
                    + stored.updated() + ", more than " + AdvisoryStore.humanAge(maxAge) + "; "
                    + AdvisoryStore.MAX_AGE_ENV + " sets the limit); run 'bulwark advisories update'");
        }
        AdvisorySource inner = stored.asSource();
        String name = stored.describe(now);
        return new AdvisorySource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void advisories(AdvisoryQuery query, Consumer<Advisory> sink) throws ScanException {
                inner.advisories(query, sink);
            }
        };
    }

    /** A file or directory of advisories: an OSV directory or zip (by its magic bytes), else tracker JSON. */
    public static AdvisorySource fileSource(Path p) throws BulwarkException {
        return fileSource(p, null);
    }

    /** As {@link #fileSource(Path)}; a tracker JSON file gets its source index under {@code cacheDir} (when not null). */
    public static AdvisorySource fileSource(Path p, Path cacheDir) throws BulwarkException {
        if (Files.isDirectory(p)) {
            return new OsvSource(p);
        }
        if (!Files.isRegularFile(p)) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot read advisories from " + p + ": no such file or directory"
                    + " (give a tracker JSON file, an OSV directory or zip, 'db' or 'archive-changelog')");
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 'P' && head[1] == 'K' ? new OsvSource(p)
                    : new TrackerJsonSource(p, cacheDir == null ? null
                            : cacheDir.resolve("advisories").resolve(AdvisoryStore.INDEX_DIR));
        } catch (IOException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot read advisories from " + p + ": " + e.getMessage(), e);
        }
    }
}

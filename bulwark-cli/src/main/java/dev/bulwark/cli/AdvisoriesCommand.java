package dev.bulwark.cli;

import dev.bulwark.scan.advisory.AdvisoryStore;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.debian.archive.HttpTransport;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark advisories update|show}: the local advisory database in the cache. */
@Command(name = "advisories",
        footer = {"", "Examples:",
                "  bulwark advisories update --from debian-tracker.json",
                "  bulwark advisories update --from osv-debian.zip"},
        mixinStandardHelpOptions = true,
        description = {"Keep a local advisory database in the cache (Debian security tracker JSON or an OSV zip).",
                "'scan' and 'vex' use it when no --advisories are given."})
final class AdvisoriesCommand {

    @Mixin
    ArchiveOptions archiveOptions;

    @Spec
    CommandSpec self;

    @Command(name = "update",
        footer = {"", "Examples:",
                "  bulwark advisories update",
                "  bulwark advisories update --from debian-tracker.json",
                "  bulwark advisories update --from osv-debian.zip"},
        mixinStandardHelpOptions = true,
            description = {"Replace the database with a tracker JSON file or an OSV zip, from a URL or a file.",
                    "Without --from: BULWARK_TRACKER_URL (e.g. the Debian security tracker's JSON export)."})
    int update(@Option(names = "--from", paramLabel = "URL|FILE",
            description = "Where to get it: an http(s) URL or a local file.") String from) throws BulwarkException {
        if (from == null) {
            from = AdvisoryStore.defaultSource(System.getenv()).orElseThrow(() -> new dev.bulwark.scan.ScanException(
                    dev.bulwark.core.BulwarkException.Kind.BAD_INPUT, "cannot update advisories: no source given; pass "
                    + "--from URL|FILE, or set BULWARK_TRACKER_URL (e.g. to the Debian security tracker's JSON export)"));
        }
        AdvisoryStore store = new AdvisoryStore(archiveOptions.cacheDir(), Clock.systemUTC());
        AdvisoryStore.Stored s = store.update(from, HttpTransport.standard());
        PrintWriter out = self.commandLine().getOut();
        out.println("advisory database updated: " + s.format().name().toLowerCase(java.util.Locale.ROOT) + " from "
                + s.from() + " at " + s.updated() + " (sha256 " + s.sha256() + ")");
        out.flush();
        return 0;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Say what the database holds and from when.",
            footer = {"", "Examples:", "  bulwark advisories show", "  BULWARK_CACHE=/var/cache/bulwark bulwark advisories show"})
    int show() throws BulwarkException {
        Optional<AdvisoryStore.Stored> s = new AdvisoryStore(archiveOptions.cacheDir(),
                Clock.systemUTC()).current();
        PrintWriter out = self.commandLine().getOut();
        java.time.Instant now = Clock.systemUTC().instant();
        out.println(s.map(x -> AdvisoryStore.humanAge(x.age(now)) + " old: " + x.format().name().toLowerCase(java.util.Locale.ROOT) + " from " + x.from() + ", updated "
                + x.updated() + ", sha256 " + x.sha256() + " (" + x.file() + ")")
                .orElse("no advisory database; run 'bulwark advisories update' (scans use archive changelogs meanwhile)"));
        out.flush();
        return 0;
    }
}

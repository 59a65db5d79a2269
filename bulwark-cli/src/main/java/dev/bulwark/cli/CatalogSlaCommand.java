package dev.bulwark.cli;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.sla.SlaClock;
import dev.bulwark.catalog.sla.SlaClocks;
import dev.bulwark.catalog.sla.SlaJson;
import dev.bulwark.catalog.sla.SlaReport;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.watch.Intervals;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.text.Escape;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog sla [IMAGE] [--target 24h]}: how fast fixes reached the published images. */
@Command(name = "sla",
        footer = {"", "Examples:",
                "  bulwark catalog sla",
                "  bulwark catalog sla python3 --target 48h --format json"},
        header = "Report the time from each CVE fix landing to the rebuilt image published.",
        mixinStandardHelpOptions = true,
        description = {"For every (image, CVE) that 'bulwark watch' rebuilt for, the clock runs from the fix first seen in",
                "a suite the image builds from (the InRelease Date, or when watch first saw it) to the rebuilt image",
                "published. Per image and overall: p50, p95 and max of closed clocks; clocks still open are shown as",
                "'exposed for N h'. Breaches: clocks over --target. Exit 1 when there is a breach, 0 otherwise."})
final class CatalogSlaCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "Only this image (default: every one).")
    String image;
    @Option(names = "--target", paramLabel = "D", defaultValue = "24h",
            description = "The fix-to-publish target: 12h, 24h, 7d (default: ${DEFAULT-VALUE}).")
    String target;
    @Mixin
    FormatOption format;
    @Mixin
    CatalogOptions catalogOptions;
    @picocli.CommandLine.Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Duration goal = Intervals.parse(target, "--target");
        Catalog catalog = catalogOptions.open();
        if (image != null) {
            catalog.image(image); // a clear error when it is not catalogued
        }
        CatalogDatabase db = CatalogDatabase.open(catalog.location(), CatalogOptions.DEFAULT_TIMEOUT);
        SlaReport report = SlaClocks.report(db, image, goal, Clock.systemUTC().instant());
        PrintWriter out = self.commandLine().getOut();
        out.print(format.json() ? SlaJson.render(report) + "\n" : text(report));
        out.flush();
        return report.breaches().isEmpty() ? 0 : Kind.CHECK_FAILED.exitCode();
    }

    static String text(SlaReport r) {
        StringBuilder out = new StringBuilder();
        if (r.images().isEmpty()) {
            return "No SLA clocks yet: 'bulwark watch' starts one for each CVE a rebuild is for.\n";
        }
        out.append(String.format("%-20s %-16s %-14s %-17s %-17s %s%n", "IMAGE", "CVE", "PACKAGE", "FIX SEEN", "PUBLISHED",
                "FIX → PUBLISH"));
        for (SlaReport.ImageSla i : r.images()) {
            for (SlaClock k : i.clocks()) {
                String took = k.open() ? "exposed for " + hours(k.elapsed(r.at())) : Intervals.human(k.elapsed(r.at()));
                out.append(String.format("%-20s %-16s %-14s %-17s %-17s %s%s%n", Escape.text(k.image()), Escape.text(k.cve()),
                        Escape.text(k.sourcePackage()), TIME.format(k.fixSeenAt()),
                        k.open() ? "-" : TIME.format(k.closedAt()), took,
                        k.elapsed(r.at()).compareTo(r.target()) > 0 ? "  BREACH" : ""));
            }
        }
        out.append('\n');
        for (SlaReport.ImageSla i : r.images()) {
            out.append(Escape.text(i.image())).append(": ").append(stats(i.stats())).append('\n');
        }
        out.append("overall: ").append(stats(r.overall())).append('\n');
        out.append(r.breaches().isEmpty() ? "no breach of the " + Intervals.human(r.target()) + " target\n"
                : r.breaches().size() + " breach(es) of the " + Intervals.human(r.target()) + " target\n");
        return out.toString();
    }

    private static String stats(SlaReport.Stats s) {
        String open = s.open() == 0 ? "" : ", " + s.open() + " open";
        if (s.closed() == 0) {
            return "none published yet" + open;
        }
        return s.closed() + " fixed, p50 " + Intervals.human(s.p50()) + ", p95 " + Intervals.human(s.p95()) + ", max "
                + Intervals.human(s.max()) + open;
    }

    private static String hours(Duration d) {
        return d.toHours() + " h";
    }
}

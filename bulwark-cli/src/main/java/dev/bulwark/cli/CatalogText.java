package dev.bulwark.cli;

import dev.bulwark.catalog.add.AddResult;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.PackageUse;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The text views of the catalog verbs. What came from a spec, a lock or a registry is shown with control characters
 * escaped, so a hostile name cannot move the cursor or rewrite the terminal.
 */
final class CatalogText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private CatalogText() {
    }

    static void print(CommandSpec self, String text) {
        PrintWriter out = self.commandLine().getOut();
        out.println(text);
        out.flush();
    }

    static String added(AddResult r, CatalogLocation where) {
        StringBuilder b = new StringBuilder();
        var rec = r.recorded();
        b.append(safe(rec.image())).append(": build ").append(r.buildNumber()).append(" recorded in catalog ")
                .append(safe(where.display())).append(r.imageAdded() ? " (image added)" : "").append(", ")
                .append(rec.packages().size()).append(" packages, ").append(Sizes.human(rec.compressedBytes()))
                .append(" compressed, ").append(seconds(rec.duration().toMillis())).append('\n');
        rec.platforms().forEach(p -> b.append(platform(p)));
        for (Publication p : rec.publications()) {
            b.append("  published ").append(safe(p.reference())).append("  ").append(p.digest()).append("  (")
                    .append(p.kind().name().toLowerCase(Locale.ROOT)).append(")\n");
        }
        return b.toString().stripTrailing();
    }

    static String images(List<CatalogImage> images) {
        if (images.isEmpty()) {
            return "The catalog is empty; 'bulwark catalog add SPEC' adds an image.";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-24s %5s  %-20s %8s %10s  %s%n", "IMAGE", "BUILD",
                "BUILT", "PACKAGES", "SIZE", "DIGEST"));
        for (CatalogImage i : images) {
            BuildSummary c = i.current();
            b.append(c == null ? String.format(Locale.ROOT, "%-24s %5s  %-20s%n", safe(i.name()), "-", "(not built yet)")
                    : String.format(Locale.ROOT, "%-24s %5d  %-20s %8d %10s  %s%n", safe(i.name()), c.number(),
                            time(c.startedAt()), c.packageCount(), Sizes.human(c.compressedBytes()), c.digest()));
        }
        return b.toString().stripTrailing();
    }

    static String image(CatalogImage i) {
        StringBuilder b = new StringBuilder();
        var d = i.definition();
        b.append(safe(i.name())).append('\n');
        b.append("  spec          ").append(safe(d.specPath())).append("  sha256:").append(d.specSha256()).append('\n');
        b.append("  builds from   ").append(d.distribution() != null ? "debian " + safe(d.distribution())
                : "base " + safe(d.baseRef())).append(", archs ").append(String.join(" ", d.archs())).append('\n');
        b.append("  publishes to  ").append(d.publishTargets().isEmpty() ? "(nothing yet)"
                : safe(String.join(", ", d.publishTargets()))).append('\n');
        b.append("  added ").append(time(i.createdAt())).append(", updated ").append(time(i.updatedAt())).append('\n');
        BuildSummary c = i.current();
        if (c == null) {
            return b.append("  not built yet").toString();
        }
        b.append("current build ").append(c.number()).append(" (").append(safe(c.reason())).append("), ")
                .append(time(c.startedAt())).append(", took ").append(seconds(c.duration().toMillis())).append('\n');
        b.append("  digest        ").append(c.digest()).append('\n');
        b.append("  lock          sha256:").append(c.lockSha256()).append(", SOURCE_DATE_EPOCH ")
                .append(c.sourceDateEpoch()).append('\n');
        b.append("  packages      ").append(c.packageCount()).append(" (").append(Sizes.human(c.packageBytes()))
                .append(" of .debs), ").append(Sizes.human(c.compressedBytes())).append(" compressed\n");
        c.platforms().forEach(p -> b.append(platform(p)));
        c.attestations().forEach(a -> b.append("  ").append(a.kind()).append(a.arch().isEmpty() ? "" : " " + a.arch())
                .append("  ").append(a.digest()).append('\n'));
        b.append("  scan          ").append(c.scan() == null ? "not scanned" : String.format(Locale.ROOT,
                "%d critical, %d high, %d medium, %d low (%s)", c.scan().critical(), c.scan().high(), c.scan().medium(),
                c.scan().low(), safe(c.scan().source())));
        return b.toString();
    }

    static String packages(BuildSummary build, List<BuiltPackage> packages) {
        StringBuilder b = new StringBuilder(safe(build.image()) + " build " + build.number() + ": " + packages.size()
                + " packages\n");
        b.append(String.format(Locale.ROOT, "%-7s %-32s %-28s %s%n", "ARCH", "PACKAGE", "VERSION", "SOURCE"));
        for (BuiltPackage p : packages) {
            b.append(String.format(Locale.ROOT, "%-7s %-32s %-28s %s%n", safe(p.arch()), safe(p.name()), safe(p.version()),
                    safe(p.source()) + (p.sourceVersion().equals(p.version()) ? "" : " " + safe(p.sourceVersion()))));
        }
        return b.toString().stripTrailing();
    }

    static String whoUses(String query, List<PackageUse> uses) {
        long images = uses.stream().map(PackageUse::image).distinct().count();
        if (images == 0) {
            return "No catalogued image uses " + safe(query) + ".";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-24s %5s  %-7s %-32s %s%n", "IMAGE", "BUILD",
                "ARCH", "PACKAGE", "VERSION"));
        for (PackageUse u : uses) {
            b.append(String.format(Locale.ROOT, "%-24s %5s  %-7s %-32s %s%n", safe(u.image()),
                    u.build() + (u.current() ? "" : "*"), safe(u.arch()), safe(u.name()), safe(u.version())));
        }
        b.append(images).append(images == 1 ? " image uses " : " images use ").append(safe(query));
        if (uses.stream().anyMatch(u -> !u.current())) {
            b.append(" (* an older build)");
        }
        return b.toString();
    }

    static String history(String image, List<BuildSummary> builds, List<Publication> publications) {
        StringBuilder b = new StringBuilder(safe(image) + ": " + builds.size() + " build(s)\n");
        for (BuildSummary s : builds) {
            b.append(String.format(Locale.ROOT, "  build %-4d %-20s %-14s %4d packages %10s  %s%n", s.number(),
                    time(s.startedAt()), safe(s.reason()), s.packageCount(), Sizes.human(s.compressedBytes()), s.digest()));
        }
        b.append("publications (newest first)\n");
        for (Publication p : publications) {
            b.append(String.format(Locale.ROOT, "  %-20s build %-4d %-9s %s  %s%s%n", time(p.publishedAt()), p.build(),
                    p.kind().name().toLowerCase(Locale.ROOT), safe(p.reference()), p.digest(),
                    p.replacedAt() == null ? "" : "  (moved on " + time(p.replacedAt()) + ")"));
        }
        return b.toString().stripTrailing();
    }

    static String diff(BuildDiff d) {
        StringBuilder b = new StringBuilder(safe(d.image()) + ": build " + d.from().number() + " → build "
                + d.to().number() + "\n");
        if (d.packages().isEmpty()) {
            b.append("  packages: unchanged\n");
        }
        for (BuildDiff.PackageChange c : d.packages()) {
            String what = c.fromVersion() == null ? "+ " + safe(c.toVersion())
                    : c.toVersion() == null ? "- " + safe(c.fromVersion())
                    : safe(c.fromVersion()) + " → " + safe(c.toVersion());
            b.append(String.format(Locale.ROOT, "  %-7s %-32s %s%n", safe(c.arch()), safe(c.name()), what));
        }
        if (!d.bothScanned()) {
            b.append("  vulnerabilities: not compared (a build was not scanned)\n");
        } else {
            findings(b, "fixed", d.fixed());
            findings(b, "new", d.introduced());
        }
        b.append("  size: ").append(Sizes.human(d.from().compressedBytes())).append(" → ")
                .append(Sizes.human(d.to().compressedBytes())).append(" compressed (")
                .append(d.compressedBytesDelta() >= 0 ? "+" : "-").append(Sizes.human(Math.abs(d.compressedBytesDelta())))
                .append(')');
        return b.toString();
    }

    private static void findings(StringBuilder b, String label, List<Vulnerability> list) {
        b.append("  ").append(label).append(": ").append(list.isEmpty() ? "none" : "").append('\n');
        list.forEach(v -> b.append("    ").append(safe(v.id())).append("  ").append(safe(v.packageName())).append(' ')
                .append(safe(v.installedVersion())).append(" (").append(safe(v.severity())).append(")\n"));
    }

    private static String platform(PlatformBuild p) {
        return String.format(Locale.ROOT, "  %-15s %s  %d layers, %s compressed%n", safe(p.platform()), p.manifestDigest(),
                p.layers(), Sizes.human(p.compressedBytes()));
    }

    private static String time(Instant t) {
        return TIME.format(t);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Control characters as \xNN (and \\ for a backslash), everything else as is. */
    static String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\\') {
                b.append("\\\\");
            } else if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                b.append(String.format(Locale.ROOT, "\\x%02x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}

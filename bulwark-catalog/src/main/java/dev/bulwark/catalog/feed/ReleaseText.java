package dev.bulwark.catalog.feed;

import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.release.Evidence;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.release.ReleaseJson;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A release told for people, as plain text and as HTML (every value escaped): what changed, the CVEs it fixed,
 * the digest per platform, where it is published and how to check its evidence.
 */
final class ReleaseText {
    private ReleaseText() {
    }

    static String summary(Release r) {
        long upgraded = r.changes().stream().filter(c -> !ReleaseJson.change(c).equals("added")
                && !ReleaseJson.change(c).equals("removed")).count();
        long added = r.changes().stream().filter(c -> c.fromVersion() == null).count();
        long removed = r.changes().stream().filter(c -> c.toVersion() == null).count();
        String what = r.first() ? "first release, " + r.packageCount() + " packages"
                : upgraded + " package(s) changed, " + added + " added, " + removed + " removed since build " + r.fromBuild();
        return r.title() + ": " + what + "; " + r.fixed().size() + " CVE(s) fixed; " + r.digest();
    }

    static String text(Release r) {
        StringBuilder out = new StringBuilder(summary(r)).append("\n");
        if (!r.changes().isEmpty()) {
            out.append("\nPackages:\n");
            r.changes().forEach(c -> out.append("  ").append(line(c)).append('\n'));
        }
        if (!r.fixed().isEmpty()) {
            out.append("\nFixed:\n");
            r.fixed().forEach(v -> out.append("  ").append(line(v)).append('\n'));
        }
        out.append("\nDigests:\n");
        r.platforms().forEach(p -> out.append("  ").append(line(p)).append('\n'));
        out.append("\nPublished at:\n");
        r.references().forEach(p -> out.append("  ").append(line(p)).append('\n'));
        List<String> commands = Evidence.commands(r);
        if (!commands.isEmpty()) {
            out.append("\nVerify:\n");
            commands.forEach(c -> out.append("  ").append(c).append('\n'));
        }
        return out.toString();
    }

    static String html(Release r) {
        StringBuilder out = new StringBuilder("<p>").append(escape(summary(r))).append("</p>");
        if (!r.changes().isEmpty()) {
            list(out, "Packages", r.changes().stream().map(ReleaseText::line).toList(), false);
        }
        if (!r.fixed().isEmpty()) {
            list(out, "CVEs fixed", r.fixed().stream().map(ReleaseText::line).toList(), false);
        }
        list(out, "Digests", r.platforms().stream().map(ReleaseText::line).toList(), true);
        list(out, "Published at", r.references().stream().map(ReleaseText::line).toList(), true);
        List<String> commands = Evidence.commands(r);
        if (!commands.isEmpty()) {
            out.append("<h3>Verify</h3><pre>");
            commands.forEach(c -> out.append(escape(c)).append('\n'));
            out.append("</pre>");
        }
        return out.toString();
    }

    /**
     * Where the release can be read: under the feed's base URL, else its pinned manifest (a registry's manifest
     * URL, or the blob in an OCI layout).
     */
    static String link(Release r, String base) {
        if (base != null) {
            return base + "/images/" + r.image() + "/builds/" + r.build();
        }
        for (Publication p : Evidence.pinned(r)) {
            String ref = p.reference();
            if (ref.startsWith("docker://")) {
                String rest = ref.substring("docker://".length());
                int slash = rest.indexOf('/');
                int colon = rest.lastIndexOf(':');
                String repo = colon > rest.lastIndexOf('/') ? rest.substring(slash + 1, colon) : rest.substring(slash + 1);
                return "https://" + rest.substring(0, slash) + "/v2/" + repo + "/manifests/" + p.digest();
            }
            if (ref.startsWith("oci:")) {
                String dir = ref.substring(4);
                int colon = dir.lastIndexOf(':');
                Path layout = Path.of(colon > dir.lastIndexOf('/') ? dir.substring(0, colon) : dir);
                return layout.resolve("blobs").resolve("sha256").resolve(p.digest().substring(7)).toUri().toString();
            }
        }
        return URI.create("urn:bulwark:image:" + r.image() + ":build:" + r.build()).toString();
    }

    private static void list(StringBuilder out, String heading, List<String> items, boolean code) {
        out.append("<h3>").append(heading).append("</h3><ul>");
        for (String item : items) {
            out.append("<li>").append(code ? "<code>" : "").append(escape(item)).append(code ? "</code>" : "").append("</li>");
        }
        out.append("</ul>");
    }

    private static String line(BuildDiff.PackageChange c) {
        return c.arch() + " " + c.name() + ": " + ReleaseJson.change(c) + " " + (c.fromVersion() == null ? ""
                : c.fromVersion()) + (c.fromVersion() != null && c.toVersion() != null ? " → " : "")
                + (c.toVersion() == null ? "" : c.toVersion());
    }

    private static String line(Vulnerability v) {
        return v.id() + " in " + v.packageName() + " " + v.installedVersion() + " (" + v.severity() + ")";
    }

    private static String line(PlatformBuild p) {
        return p.platform() + " " + p.manifestDigest();
    }

    private static String line(Publication p) {
        return p.reference() + " " + p.digest() + " (" + p.kind().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch < 0x20 && ch != '\n' && ch != '\t' ? '\uFFFD' : ch);
            }
        }
        return out.toString();
    }
}

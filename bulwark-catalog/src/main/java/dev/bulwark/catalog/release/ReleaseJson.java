package dev.bulwark.catalog.release;

import dev.bulwark.catalog.model.Attestation;
import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A release as plain JSON-ready data (maps, lists, strings and numbers in a fixed order): the {@code data} of its
 * CloudEvent and the {@code _bulwark} extension of its JSON Feed item. Field names are stable.
 */
public final class ReleaseJson {
    private ReleaseJson() {
    }

    public static Map<String, Object> data(Release r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", r.image());
        m.put("kind", r.kind().label());
        m.put("build", r.build());
        m.put("previousBuild", r.first() ? null : r.fromBuild());
        m.put("releasedAt", r.at().toString());
        m.put("reason", r.reason());
        m.put("digest", r.digest());
        m.put("packages", r.packageCount());
        m.put("platforms", platforms(r.platforms()));
        m.put("changes", changes(r.changes()));
        m.put("fixed", vulnerabilities(r.fixed()));
        m.put("references", references(r.references()));
        m.put("evidence", evidence(r.evidence()));
        m.put("verify", Evidence.commands(r));
        return m;
    }

    private static List<Object> platforms(List<PlatformBuild> platforms) {
        List<Object> out = new ArrayList<>();
        for (PlatformBuild p : platforms) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("arch", p.arch());
            m.put("platform", p.platform());
            m.put("manifest", p.manifestDigest());
            m.put("config", p.configDigest());
            m.put("compressedBytes", p.compressedBytes());
            out.add(m);
        }
        return out;
    }

    private static List<Object> changes(List<BuildDiff.PackageChange> changes) {
        List<Object> out = new ArrayList<>();
        for (BuildDiff.PackageChange c : changes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("change", change(c));
            m.put("arch", c.arch());
            m.put("name", c.name());
            m.put("from", c.fromVersion());
            m.put("to", c.toVersion());
            out.add(m);
        }
        return out;
    }

    /** added, removed, upgraded or downgraded (in Debian's version order), or changed when a version is unreadable. */
    public static String change(BuildDiff.PackageChange c) {
        if (c.fromVersion() == null || c.toVersion() == null) {
            return c.fromVersion() == null ? "added" : "removed";
        }
        try {
            int order = DebianVersion.parse(c.toVersion()).compareTo(DebianVersion.parse(c.fromVersion()));
            return order > 0 ? "upgraded" : order < 0 ? "downgraded" : "changed";
        } catch (VersionParseException e) {
            return "changed";
        }
    }

    private static List<Object> vulnerabilities(List<Vulnerability> vs) {
        List<Object> out = new ArrayList<>();
        for (Vulnerability v : vs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", v.id());
            m.put("package", v.packageName());
            m.put("installedVersion", v.installedVersion());
            m.put("fixedVersion", v.fixedVersion());
            m.put("severity", v.severity());
            out.add(m);
        }
        return out;
    }

    private static List<Object> references(List<Publication> ps) {
        List<Object> out = new ArrayList<>();
        for (Publication p : ps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reference", p.reference());
            m.put("digest", p.digest());
            m.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
            out.add(m);
        }
        return out;
    }

    private static List<Object> evidence(List<Attestation> as) {
        List<Object> out = new ArrayList<>();
        for (Attestation a : as) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", a.kind());
            m.put("arch", a.arch());
            m.put("digest", a.digest());
            out.add(m);
        }
        return out;
    }
}

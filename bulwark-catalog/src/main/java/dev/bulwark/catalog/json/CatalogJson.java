package dev.bulwark.catalog.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.catalog.add.AddResult;
import dev.bulwark.catalog.model.Attestation;
import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.PackageUse;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import java.util.List;
import java.util.Locale;

/** The {@code --format json} views of the catalog's results: stable field names, pretty-printed. */
public final class CatalogJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CatalogJson() {
    }

    public static String images(List<CatalogImage> images) {
        ArrayNode out = MAPPER.createArrayNode();
        images.forEach(i -> out.add(image(i, false)));
        return render(out);
    }

    public static String image(CatalogImage image) {
        return render(image(image, true));
    }

    public static String packages(BuildSummary build, List<BuiltPackage> packages) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", build.image());
        root.put("build", build.number());
        ArrayNode list = root.putArray("packages");
        for (BuiltPackage p : packages) {
            ObjectNode n = list.addObject();
            n.put("arch", p.arch());
            n.put("name", p.name());
            n.put("version", p.version());
            n.put("architecture", p.architecture());
            n.put("source", p.source());
            n.put("sourceVersion", p.sourceVersion());
            n.put("suite", p.suite());
            n.put("size", p.size());
            n.put("sha256", p.sha256());
        }
        return render(root);
    }

    public static String whoUses(String query, List<PackageUse> uses) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("query", query);
        root.put("images", uses.stream().map(PackageUse::image).distinct().count());
        ArrayNode list = root.putArray("uses");
        for (PackageUse u : uses) {
            ObjectNode n = list.addObject();
            n.put("image", u.image());
            n.put("build", u.build());
            n.put("current", u.current());
            n.put("arch", u.arch());
            n.put("package", u.name());
            n.put("version", u.version());
            n.put("source", u.source());
            n.put("sourceVersion", u.sourceVersion());
        }
        return render(root);
    }

    public static String history(String image, List<BuildSummary> builds, List<Publication> publications) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", image);
        ArrayNode b = root.putArray("builds");
        builds.forEach(s -> b.add(build(s)));
        ArrayNode p = root.putArray("publications");
        for (Publication pub : publications) {
            ObjectNode n = p.addObject();
            n.put("reference", pub.reference());
            n.put("digest", pub.digest());
            n.put("kind", pub.kind().name().toLowerCase(Locale.ROOT));
            n.put("build", pub.build());
            n.put("publishedAt", pub.publishedAt().toString());
            n.put("replacedAt", pub.replacedAt() == null ? null : pub.replacedAt().toString());
        }
        return render(root);
    }

    public static String diff(BuildDiff d) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", d.image());
        root.set("from", build(d.from()));
        root.set("to", build(d.to()));
        ArrayNode packages = root.putArray("packages");
        for (BuildDiff.PackageChange c : d.packages()) {
            ObjectNode n = packages.addObject();
            n.put("arch", c.arch());
            n.put("name", c.name());
            n.put("change", c.fromVersion() == null ? "added" : c.toVersion() == null ? "removed" : "changed");
            n.put("from", c.fromVersion());
            n.put("to", c.toVersion());
        }
        ObjectNode cves = root.putObject("vulnerabilities");
        cves.put("bothScanned", d.bothScanned());
        findings(cves.putArray("fixed"), d.fixed());
        findings(cves.putArray("introduced"), d.introduced());
        ObjectNode size = root.putObject("size");
        size.put("compressedBytesFrom", d.from().compressedBytes());
        size.put("compressedBytesTo", d.to().compressedBytes());
        size.put("compressedBytesDelta", d.compressedBytesDelta());
        size.put("packageBytesDelta", d.packageBytesDelta());
        return render(root);
    }

    public static String added(AddResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", r.recorded().image());
        root.put("imageAdded", r.imageAdded());
        root.put("build", r.buildNumber());
        root.put("lockWritten", r.build().lockWritten());
        root.put("durationMs", r.recorded().duration().toMillis());
        root.put("packages", r.recorded().packages().size());
        root.put("compressedBytes", r.recorded().compressedBytes());
        platforms(root.putArray("platforms"), r.recorded().platforms());
        ArrayNode pubs = root.putArray("published");
        for (Publication p : r.recorded().publications()) {
            ObjectNode n = pubs.addObject();
            n.put("reference", p.reference());
            n.put("digest", p.digest());
            n.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
        }
        return render(root);
    }

    private static ObjectNode image(CatalogImage i, boolean full) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", i.name());
        n.put("spec", i.definition().specPath());
        n.put("specSha256", i.definition().specSha256());
        n.put("distribution", i.definition().distribution());
        n.put("base", i.definition().baseRef());
        ArrayNode archs = n.putArray("archs");
        i.definition().archs().forEach(archs::add);
        ArrayNode targets = n.putArray("publishTargets");
        i.definition().publishTargets().forEach(targets::add);
        n.put("updatePolicy", i.updatePolicy());
        n.put("createdAt", i.createdAt().toString());
        n.put("updatedAt", i.updatedAt().toString());
        if (i.current() == null) {
            n.putNull("current");
        } else if (full) {
            n.set("current", build(i.current()));
        } else {
            ObjectNode c = n.putObject("current");
            c.put("build", i.current().number());
            c.put("digest", i.current().digest());
            c.put("startedAt", i.current().startedAt().toString());
            c.put("packages", i.current().packageCount());
            c.put("compressedBytes", i.current().compressedBytes());
        }
        return n;
    }

    private static ObjectNode build(BuildSummary b) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("build", b.number());
        n.put("reason", b.reason());
        n.put("startedAt", b.startedAt().toString());
        n.put("durationMs", b.duration().toMillis());
        n.put("digest", b.digest());
        n.put("index", b.indexDigest());
        n.put("specSha256", b.specSha256());
        n.put("lockSha256", b.lockSha256());
        n.put("sourceDateEpoch", b.sourceDateEpoch());
        n.put("packages", b.packageCount());
        n.put("packageBytes", b.packageBytes());
        n.put("compressedBytes", b.compressedBytes());
        platforms(n.putArray("platforms"), b.platforms());
        ArrayNode att = n.putArray("attestations");
        for (Attestation a : b.attestations()) {
            ObjectNode x = att.addObject();
            x.put("kind", a.kind());
            x.put("arch", a.arch());
            x.put("digest", a.digest());
        }
        ScanSummary s = b.scan();
        if (s == null) {
            n.putNull("scan");
        } else {
            ObjectNode x = n.putObject("scan");
            x.put("source", s.source());
            x.put("scannedAt", s.scannedAt().toString());
            x.put("critical", s.critical());
            x.put("high", s.high());
            x.put("medium", s.medium());
            x.put("low", s.low());
            x.put("negligible", s.negligible());
            x.put("unknown", s.unknown());
        }
        return n;
    }

    private static void platforms(ArrayNode out, List<PlatformBuild> platforms) {
        for (PlatformBuild p : platforms) {
            ObjectNode n = out.addObject();
            n.put("arch", p.arch());
            n.put("platform", p.platform());
            n.put("manifest", p.manifestDigest());
            n.put("config", p.configDigest());
            n.put("layers", p.layers());
            n.put("compressedBytes", p.compressedBytes());
        }
    }

    private static void findings(ArrayNode out, List<Vulnerability> findings) {
        for (Vulnerability v : findings) {
            ObjectNode n = out.addObject();
            n.put("id", v.id());
            n.put("package", v.packageName());
            n.put("installedVersion", v.installedVersion());
            n.put("fixedVersion", v.fixedVersion());
            n.put("severity", v.severity());
        }
    }

    private static String render(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}

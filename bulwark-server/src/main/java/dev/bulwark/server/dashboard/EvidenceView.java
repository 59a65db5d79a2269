package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.model.Attestation;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.release.Evidence;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.oci.OciException;
import dev.bulwark.scan.ScanException;
import dev.bulwark.scan.vex.OpenVex;
import dev.bulwark.scan.vex.VexStatement;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A build's evidence as the dashboard offers it: the list with download links and the commands that check it,
 * the downloads themselves (through {@link EvidenceStore}, checked), and what the packages and vulnerabilities
 * tabs take from it — licences from the SPDX SBOM, statuses from a VEX document.
 */
final class EvidenceView {
    private static final int CACHED = 64;

    /** Licences by {@code arch name=version}, or why there are none. */
    record Licences(Map<String, String> byPackage, String note) {
        String of(String arch, String name, String version) {
            String l = byPackage.get(arch + " " + name + "=" + version);
            return l == null ? "" : l;
        }
    }

    /** VEX statuses by vulnerability, or why there are none. */
    record VexStatus(Map<String, String> byVulnerability, String note) {
        String of(String vulnerability) {
            return byVulnerability.getOrDefault(vulnerability, "");
        }
    }

    private final DashboardCatalog catalog;
    private final EvidenceStore store;
    /** Licences read from checked SBOMs, by SBOM digest (content-addressed, so never stale). */
    private final Map<String, Map<String, String>> licenceCache = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > CACHED;
        }
    };

    EvidenceView(DashboardCatalog catalog, EvidenceStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    Map<String, Object> tab(Catalog c, BuildSummary build) throws Exception {
        Map<String, Object> t = new HashMap<>();
        t.put("number", build.number());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Attestation a : build.attestations()) {
            String arch = a.arch().isEmpty() ? "all" : a.arch();
            rows.add(Map.of("kind", a.kind(), "arch", arch, "digest", a.digest(), "href", Dashboard.BASE + "/images/"
                    + FleetView.path(build.image()) + "/builds/" + build.number() + "/evidence/" + a.kind() + "?arch="
                    + arch));
        }
        t.put("attestations", rows);
        List<String> commands = new ArrayList<>();
        for (Release r : c.releases(build.image(), 200)) {
            if (r.build() == build.number()) {
                commands = Evidence.commands(r);
                break;
            }
        }
        t.put("commands", commands);
        return t;
    }

    void download(Context ctx) throws Exception {
        Catalog c = catalog.get().catalog();
        String name = ctx.pathParam("name");
        String number = ctx.pathParam("number");
        if (!number.matches("[1-9][0-9]{0,8}")) {
            throw new Dashboard.NotFound("There is no build '" + number + "' of " + name);
        }
        BuildSummary build = c.build(name, Integer.parseInt(number));
        String kind = ctx.pathParam("kind");
        String arch = ctx.queryParam("arch") == null || ctx.queryParam("arch").equals("all") ? ""
                : ctx.queryParam("arch");
        Attestation a = build.attestations().stream().filter(x -> x.kind().equals(kind) && x.arch().equals(arch))
                .findFirst().orElseThrow(() -> new Dashboard.NotFound("Build " + number + " of " + name + " has no "
                        + kind + " evidence" + (arch.isEmpty() ? "" : " for " + arch) + "."));
        EvidenceStore.Evidence e = store.fetch(references(c, build), a.digest());
        String file = name + "-" + build.number() + "-" + kind + (arch.isEmpty() ? "" : "-" + arch) + ".json";
        ctx.header("Content-Disposition", "attachment; filename=\"" + file.replaceAll("[^A-Za-z0-9._+-]", "_") + "\"");
        ctx.header("Digest", e.blobDigest().toString());
        ctx.contentType(e.mediaType().matches("[A-Za-z0-9.+/-]+") ? e.mediaType() : "application/octet-stream");
        ctx.result(e.bytes());
    }

    Licences licences(Catalog c, BuildSummary build) throws Exception {
        Map<String, String> all = new HashMap<>();
        List<String> problems = new ArrayList<>();
        boolean any = false;
        for (Attestation a : build.attestations()) {
            if (!a.kind().equals("sbom-spdx")) {
                continue;
            }
            any = true;
            try {
                Map<String, String> byPackage = licencesOf(c, build, a);
                byPackage.forEach((k, v) -> all.put(a.arch() + " " + k, v));
            } catch (OciException | IOException e) {
                problems.add((a.arch().isEmpty() ? "" : a.arch() + ": ") + e.getMessage());
            }
        }
        String note = !any ? "No SPDX SBOM is recorded for this build, so no licences are shown."
                : problems.isEmpty() ? "Licences as declared in the build's SPDX SBOM (from each package's copyright file)."
                : "Licences come from the build's SPDX SBOM, which could not be read: " + String.join("; ", problems);
        return new Licences(all, note);
    }

    /**
     * The statuses the catalog recorded for the build's findings (what the API answers) when it recorded any; else
     * those of the build's OpenVEX document, read from where it was published.
     */
    VexStatus vex(Catalog c, BuildSummary build) throws Exception {
        Map<String, String> recorded = new HashMap<>();
        for (dev.bulwark.catalog.vex.VexFinding f : new dev.bulwark.catalog.vex.BuildVex(c.database(),
                java.time.Clock.systemUTC()).read(build.image(), build.number()).findings()) {
            if (f.status() != null) {
                recorded.put(f.vulnerability(), status(f.status(), f.justification()));
            }
        }
        if (!recorded.isEmpty()) {
            return new VexStatus(recorded, "VEX statuses as the catalog recorded them when the build was scanned.");
        }
        Attestation a = build.attestations().stream().filter(x -> x.kind().equals("vex")).findFirst().orElse(null);
        if (a == null) {
            return new VexStatus(Map.of(), "No VEX document is recorded for this build; statuses are the scan's.");
        }
        try {
            EvidenceStore.Evidence e = store.fetch(references(c, build), a.digest());
            Map<String, String> out = new HashMap<>();
            for (VexStatement s : OpenVex.read(new ByteArrayInputStream(e.bytes()), "the build's VEX").statements()) {
                out.put(s.vulnerability(), status(s.status(), s.justification()));
            }
            return new VexStatus(out, "VEX statuses from the build's OpenVEX document " + a.digest() + ".");
        } catch (OciException | ScanException e) {
            return new VexStatus(Map.of(), "The build's VEX document could not be read: " + e.getMessage());
        }
    }

    private static String status(String status, String justification) {
        return status.replace('_', ' ') + (justification.isEmpty() ? "" : " (" + justification.replace('_', ' ') + ")");
    }

    private Map<String, String> licencesOf(Catalog c, BuildSummary build, Attestation a) throws Exception {
        synchronized (licenceCache) {
            Map<String, String> cached = licenceCache.get(a.digest());
            if (cached != null) {
                return cached;
            }
        }
        Map<String, String> read = SbomLicences.read(store.fetch(references(c, build), a.digest()).bytes());
        synchronized (licenceCache) {
            licenceCache.put(a.digest(), read);
        }
        return read;
    }

    /** Where the build was published: its own references, the immutable ones first. */
    private static List<Publication> references(Catalog c, BuildSummary build) throws Exception {
        List<Publication> out = new ArrayList<>();
        for (Publication p : c.publications(build.image())) {
            if (p.build() == build.number()) {
                out.add(p);
            }
        }
        out.sort((x, y) -> Boolean.compare(x.kind() == Publication.Kind.MOVING, y.kind() == Publication.Kind.MOVING));
        return out;
    }
}

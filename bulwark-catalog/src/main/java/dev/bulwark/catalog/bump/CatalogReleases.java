package dev.bulwark.catalog.bump;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.sla.SlaClock;
import dev.bulwark.catalog.sla.SlaClocks;
import dev.bulwark.catalog.store.Catalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Releases read from the catalog itself: each image's publications and builds, its newest release, and as fixed
 * the findings an older build had and the newer lacks plus the CVEs whose SLA clocks a build in between closed.
 */
public final class CatalogReleases implements ReleaseSource {
    private final Catalog catalog;
    private Tracks tracks;

    public CatalogReleases(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String describe() {
        return "catalog " + catalog.location().display();
    }

    @Override
    public Optional<Track> track(String repository) throws BumpException {
        if (tracks == null) {
            tracks = load();
        }
        return tracks.get(repository, describe());
    }

    private Tracks load() throws BumpException {
        Tracks t = new Tracks();
        try {
            for (CatalogImage image : catalog.images()) {
                if (image.current() == null) {
                    continue;
                }
                Map<Integer, Map<String, String>> platforms = new HashMap<>();
                Map<Integer, String> reasons = new HashMap<>();
                for (BuildSummary b : catalog.builds(image.name())) {
                    platforms.put(b.number(), platforms(b));
                    reasons.put(b.number(), b.reason());
                }
                List<Release> newest = catalog.releases(image.name(), 1);
                t.add(image.name(), catalog.publications(image.name()), platforms, reasons,
                        newest.isEmpty() ? null : newest.get(0).build());
            }
        } catch (CatalogException e) {
            throw wrap(e);
        }
        return t;
    }

    static Map<String, String> platforms(BuildSummary b) {
        Map<String, String> m = new LinkedHashMap<>();
        if (b.indexDigest() != null) {
            for (PlatformBuild p : b.platforms()) {
                m.put(p.platform(), p.manifestDigest());
            }
        }
        return m;
    }

    @Override
    public List<Fix> fixed(Track track, int from, int to) throws BumpException {
        Map<String, Fix> out = new LinkedHashMap<>();
        try {
            for (Vulnerability v : catalog.diff(track.image(), from, to).fixed()) {
                out.putIfAbsent(v.id() + " " + v.packageName(), new Fix(v.id(), v.packageName(), v.fixedVersion(),
                        v.severity()));
            }
            if (to > from) {
                for (SlaClock k : SlaClocks.read(catalog.database(), track.image())) {
                    if (k.build() != null && k.build() > from && k.build() <= to) {
                        String pkg = k.sourcePackage() == null ? "" : k.sourcePackage();
                        if (out.values().stream().noneMatch(f -> f.id().equals(k.cve()))) {
                            out.put(k.cve() + " " + pkg, new Fix(k.cve(), pkg, k.fixedVersion(), null));
                        }
                    }
                }
            }
        } catch (CatalogException e) {
            throw wrap(e);
        }
        return new ArrayList<>(out.values());
    }

    private static BumpException wrap(CatalogException e) {
        return e instanceof BumpException b ? b : new BumpException(e.kind(), e.getMessage(), e);
    }
}

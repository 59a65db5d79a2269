package dev.bulwark.catalog.watch;

import dev.bulwark.catalog.model.CatalogImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which catalogued image a customization builds on: its spec's {@code base:} names a catalogued image by name, by
 * spec path (relative to the customization's spec) or by one of its publish targets.
 */
final class Bases {
    private Bases() {
    }

    /** Image name → base image name, for every customization whose base is catalogued. */
    static Map<String, String> resolve(List<CatalogImage> images) {
        Map<String, String> out = new TreeMap<>();
        for (CatalogImage i : images) {
            String ref = i.definition().baseRef();
            if (ref == null) {
                continue;
            }
            for (CatalogImage candidate : images) {
                if (candidate != i && names(i, candidate, ref)) {
                    out.put(i.name(), candidate.name());
                    break;
                }
            }
        }
        return out;
    }

    private static boolean names(CatalogImage customization, CatalogImage base, String ref) {
        if (ref.equals(base.name()) || base.definition().publishTargets().contains(ref)
                || base.definition().publishTargets().stream().anyMatch(t -> t.endsWith("/" + ref) || sameLayout(t, ref))) {
            return true;
        }
        try {
            Path dir = Path.of(customization.definition().specPath()).getParent();
            Path spec = dir == null ? Path.of(ref) : dir.resolve(ref);
            return spec.toAbsolutePath().normalize().toString().equals(base.definition().specPath());
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** One OCI layout and tag, however written: {@code oci:DIR} is {@code oci:DIR:latest}, paths made absolute. */
    private static boolean sameLayout(String target, String ref) {
        try {
            return dev.bulwark.oci.ref.ImageReference.parse(target) instanceof dev.bulwark.oci.ref.ImageReference.OciLayout t
                    && dev.bulwark.oci.ref.ImageReference.parse(ref) instanceof dev.bulwark.oci.ref.ImageReference.OciLayout r
                    && t.dir().toAbsolutePath().normalize().equals(r.dir().toAbsolutePath().normalize())
                    && (t.tag() == null ? "latest" : t.tag()).equals(r.tag() == null ? "latest" : r.tag());
        } catch (dev.bulwark.core.BulwarkException | RuntimeException e) {
            return false;
        }
    }
}

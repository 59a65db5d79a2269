package dev.bulwark.catalog.store;

import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.core.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Catalog records made up by tests: images and builds whose packages and digests follow from their inputs. */
final class Synthetic {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private Synthetic() {
    }

    static ImageDefinition image(String name, String... targets) {
        String spec = "name: " + name + "\ndistribution: trixie\npackages: [libc6]\n";
        return new ImageDefinition(name, "/specs/" + name + ".yaml", sha(spec), spec, "trixie", null,
                List.of("amd64", "arm64"), List.of(targets));
    }

    /** "name=version" or "name=version/source=sourceVersion" → a package on each of the image's two archs. */
    static List<BuiltPackage> packages(String... entries) {
        List<BuiltPackage> out = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            for (String e : entries) {
                String[] binSrc = e.split("/", 2);
                String[] bin = binSrc[0].split("=", 2);
                String[] src = binSrc.length > 1 ? binSrc[1].split("=", 2) : bin;
                out.add(new BuiltPackage(arch, bin[0], bin[1], arch, src[0], src[1], "trixie",
                        "pool/main/" + bin[0] + "_" + bin[1] + "_" + arch + ".deb", 1000 + bin[0].length() * 100L,
                        sha(arch + " " + bin[0] + " " + bin[1])));
            }
        }
        return out;
    }

    static NewBuild build(String image, List<BuiltPackage> packages, List<Publication> publications,
            ScanSummary scan, List<Vulnerability> findings) {
        String seed = image + packages;
        List<PlatformBuild> platforms = List.of(
                new PlatformBuild("amd64", "linux/amd64", digest("m amd64 " + seed), digest("c amd64 " + seed), 3,
                        packages.size() * 400L),
                new PlatformBuild("arm64", "linux/arm64/v8", digest("m arm64 " + seed), digest("c arm64 " + seed), 3,
                        packages.size() * 410L));
        return new NewBuild(image, "test", sha("spec " + image), sha("lock " + seed), "{\"lock\":\"" + image + "\"}",
                1_700_000_000L, digest("index " + seed), platforms, packages, List.of(), scan, findings, publications,
                T0, Duration.ofMillis(1234));
    }

    static NewBuild build(String image, String... packages) {
        return build(image, packages(packages), List.of(), null, List.of());
    }

    static ScanSummary scan(int high, int low) {
        return new ScanSummary("test-advisories", T0, 0, high, 0, low, 0, 0);
    }

    static Publication published(String reference, Publication.Kind kind, String seed) {
        return new Publication(reference, digest(seed), kind, 0, T0, null);
    }

    static String digest(String seed) {
        return "sha256:" + sha(seed);
    }

    static String sha(String s) {
        return Sha256.key(s, "synthetic");
    }
}

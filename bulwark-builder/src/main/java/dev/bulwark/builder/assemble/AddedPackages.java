package dev.bulwark.builder.assemble;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.assemble.SpooledPackage.Node;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.spec.lock.Lockfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Layers for packages added on top of an existing image (a customization): one per package, made and cached exactly
 * as {@link ImageAssembler} makes a base image's, so the same {@code .deb} gives the same layer either way. Also
 * says which paths each package brings, so the caller can check them against what the image below already has.
 */
public final class AddedPackages {

    /** One path a package ships: its kind ("file", "directory", "symlink", "hardlink") and the package's id. */
    public record Owned(String path, String kind, String owner) {
    }

    /** The layers in package order, and every path they hold (after the merged-/usr rewrite and stripping). */
    public record Result(List<Layer> layers, Map<String, Owned> paths) {
        /** No packages added. */
        public static final Result NONE = new Result(List.of(), Map.of());

        public Result {
            layers = List.copyOf(layers);
            paths = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(paths));
        }
    }

    private AddedPackages() {
    }

    /**
     * Spools each package (verified {@code .deb} from {@code debs}, keyed by SHA-256), writes or reuses its layer,
     * and checks the added packages against each other as a base build does.
     */
    public static Result layers(ExecutorService pool, List<Lockfile.LockedPackage> packages, Map<String, Path> debs,
            Set<String> strip, long epoch, Compression compression, Path tempDir, Path cacheDir, Progress progress)
            throws BulwarkException {
        LayerCache cache = new LayerCache(cacheDir);
        String stripKey = String.join(",", new java.util.TreeSet<>(strip));
        PackageSpooler spooler = new PackageSpooler(new StripRules(new HashSet<>(strip)), tempDir);
        LayerWriter writer = new LayerWriter(tempDir, epoch, compression);
        List<Callable<Object[]>> jobs = new ArrayList<>();
        for (Lockfile.LockedPackage p : packages) {
            String key = LayerCache.key("package", p.sha256(), stripKey, Long.toString(epoch), compression.name());
            jobs.add(() -> {
                Path deb = debs.get(p.sha256());
                if (deb == null) {
                    throw new BuildException(Kind.ENVIRONMENT, "cannot assemble " + p.name() + "=" + p.version()
                            + ": it is not in the cache; run 'bulwark lock' to fetch it");
                }
                SpooledPackage pkg = spooler.spool(deb, p.name() + "_" + p.version() + "_" + p.architecture() + ".deb");
                java.util.Optional<dev.bulwark.oci.layer.FileLayer> hit = cache.find(key);
                Layer layer = hit.isPresent() ? hit.get()
                        : cache.put(key, writer.writeReplayable(PackageLayers.entries(pkg)));
                return new Object[] {pkg, layer};
            });
        }
        List<SpooledPackage> spooled = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        for (Object[] done : ParallelJobs.all(pool, jobs, packages.stream().map(Lockfile.LockedPackage::size).toList(),
                "cannot assemble the added packages", () -> { })) {
            spooled.add((SpooledPackage) done[0]);
            layers.add((Layer) done[1]);
        }
        if (!packages.isEmpty()) {
            progress.info("Assembled " + packages.size() + " added package layer(s)");
        }
        FileConflicts.check(spooled);
        Map<String, Owned> paths = new LinkedHashMap<>();
        for (SpooledPackage pkg : spooled) {
            for (Node n : pkg.nodes()) {
                paths.putIfAbsent(n.path(), new Owned(n.path(), n.kind().name().toLowerCase(java.util.Locale.ROOT),
                        pkg.id()));
            }
            for (String meta : List.of(pkg.name(), pkg.name() + ".md5sums")) {
                String path = PackageLayers.STATUS_DIR + "/" + meta;
                paths.putIfAbsent(path, new Owned(path, "file", pkg.id()));
            }
        }
        return new Result(layers, paths);
    }
}

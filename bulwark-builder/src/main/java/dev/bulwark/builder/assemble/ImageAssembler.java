package dev.bulwark.builder.assemble;

import dev.bulwark.builder.BuildException;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.Accounts;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.PlatformParseException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Assembles one architecture's image from locked, cached {@code .deb}s.
 *
 * <p>Layer strategy: one layer per package (its files and its status.d metadata), in package-name order, then one
 * layer of generated files. A package layer depends only on the {@code .deb}, the strip rules, SOURCE_DATE_EPOCH and
 * the compression, so images that share packages share those layers byte for byte — in registries, caches and on
 * disk. Packages are read and layers compressed in parallel.
 */
public final class ImageAssembler {

    /** What to assemble: {@code debs} gives each locked package's verified file in the cache. */
    public record Request(Spec spec, String arch, List<Lockfile.LockedPackage> packages, Debs debs,
            long sourceDateEpoch, Compression compression, Path tempDir, Path cacheDir) {
    }

    /** Where the verified {@code .deb} of a package (by SHA-256) is: at once, or once its download has ended. */
    @FunctionalInterface
    public interface Debs {
        /** The file, waiting for it if it is still being fetched; null when it is not to be had. */
        Path await(String sha256) throws BulwarkException;

        /** The assembly failed: waits still pending may end at once (with an error nobody reports). */
        default void abandon() {
        }

        /** Done once {@link #await} would not block for this file: the assembly starts on what is there first. */
        default java.util.concurrent.CompletableFuture<?> arrival(String sha256) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    private final ExecutorService pool;

    public ImageAssembler(ExecutorService pool) {
        this.pool = pool;
    }

    public Image assemble(Request request, Progress progress) throws BulwarkException {
        Spec spec = request.spec();
        LayerCache cache = new LayerCache(request.cacheDir());
        String strip = String.join(",", new java.util.TreeSet<>(spec.strip()));
        String epoch = Long.toString(request.sourceDateEpoch());
        String compression = request.compression().name();
        List<String> packageKeys = request.packages().stream()
                .map(p -> LayerCache.key("package", p.sha256(), strip, epoch, compression)).toList();
        String generatedKey = LayerCache.key("generated", request.arch(), specDigest(spec), epoch, compression, strip,
                String.join(",", request.packages().stream().map(Lockfile.LockedPackage::sha256).sorted().toList()));
        List<Layer> layers = cached(cache, packageKeys, generatedKey);
        if (layers == null) {
            layers = build(request, cache, packageKeys, generatedKey, strip, progress);
        } else {
            progress.info("All " + layers.size() + " layers for " + request.arch() + " are cached");
        }
        Instant created = Instant.ofEpochSecond(request.sourceDateEpoch());
        List<ImageConfig.History> history = new ArrayList<>();
        for (Lockfile.LockedPackage pkg : request.packages()) {
            history.add(new ImageConfig.History(created, "bulwark: install " + pkg.name() + "=" + pkg.version() + " ("
                    + pkg.architecture() + ")", null, false));
        }
        history.add(new ImageConfig.History(created, "bulwark: generated files (accounts, os-release, CA bundle, …)",
                null, false));
        ImageConfig base = ImageConfig.forPlatform(platform(request.arch()));
        Accounts.User user = spec.accounts().runAsUser();
        ImageConfig config = new ImageConfig(base.architecture(), base.os(), base.variant(), created,
                user.uid() + ":" + user.gid(), env(spec), spec.entrypoint().isEmpty() ? null : spec.entrypoint(),
                spec.cmd().isEmpty() ? null : spec.cmd(), spec.workdir(), spec.labels(), history, List.of());
        return Images.assemble(config, layers, annotations(spec, created));
    }

    /**
     * Every layer from the cache, or null when any is missing. Each hit re-hashes its blob (the cache's bytes are
     * verified on every use), all in one batch ({@link dev.bulwark.core.Sha256#hex(List)}): on a warm rebuild that
     * hashing is most of the work.
     */
    private List<Layer> cached(LayerCache cache, List<String> packageKeys, String generatedKey) {
        List<String> keys = new ArrayList<>(packageKeys);
        keys.add(generatedKey);
        return cache.findAll(keys).<List<Layer>>map(ArrayList::new).orElse(null);
    }

    private record Built(SpooledPackage pkg, Layer layer) {
    }

    /**
     * Reads each package and writes its layer in one job (so decompression and compression of different packages
     * overlap on every core), then checks the packages against each other and writes the generated layer. A package
     * layer depends on that package alone, so caching it before the cross-package checks is safe.
     */
    private List<Layer> build(Request request, LayerCache cache, List<String> packageKeys, String generatedKey, String strip,
            Progress progress) throws BulwarkException {
        PackageSpooler spooler = new PackageSpooler(new StripRules(new HashSet<>(request.spec().strip())), request.tempDir());
        LayerWriter writer = new LayerWriter(request.tempDir(), request.sourceDateEpoch(), request.compression());
        progress.begin("Assembling " + request.packages().size() + " package layers for " + request.arch(),
                request.packages().size());
        List<Callable<Built>> jobs = new ArrayList<>();
        for (int i = 0; i < request.packages().size(); i++) {
            Lockfile.LockedPackage p = request.packages().get(i);
            String key = packageKeys.get(i);
            jobs.add(() -> {
                Path deb = request.debs().await(p.sha256());
                if (deb == null) {
                    throw new BuildException(Kind.ENVIRONMENT, "cannot assemble " + request.arch() + ": " + p.name() + "="
                            + p.version() + " is not in the cache; run 'bulwark lock' to fetch it");
                }
                SpooledPackage pkg = spooler.spool(deb, p.name() + "_" + p.version() + "_" + p.architecture() + ".deb");
                java.util.Optional<dev.bulwark.oci.layer.FileLayer> hit = cache.find(key);
                // Written here, the layer replays its tar from the spool for this build's own readers (SBOM, gates).
                Layer layer = hit.isPresent() ? hit.get() : cache.put(key, writer.writeReplayable(PackageLayers.entries(pkg)));
                progress.advance(1);
                return new Built(pkg, layer);
            });
        }
        // Largest packages first, so no big package starts last and leaves the other cores idle; while the fetch still
        // runs, the largest of those already in, so no worker waits for one .deb when another is there.
        List<Long> sizes = request.packages().stream().map(Lockfile.LockedPackage::size).toList();
        ParallelJobs.Picker picker = ParallelJobs.firstReady(sizes, request.packages().stream()
                .map(p -> request.debs().arrival(p.sha256())).toList());
        List<Built> built = ParallelJobs.all(pool, jobs, picker, "cannot assemble the image", request.debs()::abandon);
        progress.end("assembled " + built.size() + " package layers for " + request.arch());
        List<SpooledPackage> spooled = built.stream().map(Built::pkg).toList();
        FileConflicts.check(spooled);
        List<Layer> layers = new ArrayList<>(built.stream().map(Built::layer).toList());
        try {
            layers.add(cache.put(generatedKey, writer.write(new GeneratedFiles(request.spec(), spooled,
                    request.sourceDateEpoch()).entries())));
        } catch (java.io.IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot store a layer in the cache: " + e.getMessage(), e);
        }
        return layers;
    }

    /**
     * The spec's digest plus the canonical form of every entry of its {@code paths} (path, type, mode, uid, gid, link
     * target, content SHA-256): what the generated layer depends on. A directory source expands into entries whose
     * names, modes and contents come from the host tree, not the spec's text, so each expanded entry is in the key.
     */
    static String specDigest(Spec spec) throws BuildException {
        java.util.List<String> parts = new ArrayList<>(List.of(spec.sha256()));
        for (dev.bulwark.spec.PathEntry p : spec.paths()) {
            String content = "";
            if (p.content() != null) {
                content = dev.bulwark.core.Sha256.hex(p.content().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (p.source() != null) {
                try {
                    content = dev.bulwark.core.Sha256.hex(p.readSource());
                } catch (java.io.IOException e) {
                    throw new BuildException(Kind.BAD_INPUT, "cannot read " + p.source() + " for path " + p.path() + ": "
                            + e.getMessage(), e);
                }
            }
            parts.addAll(List.of(p.path(), p.type().name(), Integer.toOctalString(p.mode()), Integer.toString(p.uid()),
                    Integer.toString(p.gid()), p.target() == null ? "" : p.target(), content));
        }
        return dev.bulwark.core.Sha256.key(parts.toArray(String[]::new));
    }

    static Platform platform(String arch) throws BuildException {
        try {
            return Platform.fromDebianArch(arch);
        } catch (PlatformParseException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot build for " + arch + ": " + e.getMessage(), e);
        }
    }

    /** OCI annotations of the manifest and index: created = SOURCE_DATE_EPOCH, title, description, the spec's own. */
    public static Map<String, String> annotations(Spec spec, Instant created) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("org.opencontainers.image.created", created.toString());
        a.put("org.opencontainers.image.title", spec.name());
        if (spec.description() != null && !spec.description().isBlank()) {
            a.put("org.opencontainers.image.description", spec.description());
        }
        a.putAll(spec.annotations());
        return a;
    }

    private static List<String> env(Spec spec) {
        List<String> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(k + "=" + v));
        return env;
    }


}

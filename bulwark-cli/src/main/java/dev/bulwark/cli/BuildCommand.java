package dev.bulwark.cli;

import dev.bulwark.builder.api.BuildJson;
import dev.bulwark.builder.api.Workspace;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.builder.pipeline.BuildRequest;
import dev.bulwark.builder.pipeline.BuildResult;
import dev.bulwark.policy.gate.Gate;
import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.policy.gate.PolicyGate;
import dev.bulwark.policy.gate.TestGate;
import java.time.Clock;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.GzipReference;
import dev.bulwark.oci.ref.ImageReference;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark build SPEC --output REF}: a reproducible, minimal, non-root image from the lock. */
@Command(name = "build",
        footer = {"", "Examples:",
                "  bulwark build examples/python3.yaml --output oci:out/python3",
                "  bulwark build examples/static.yaml --arch amd64 --output docker-archive:s.tar",
                "  COSIGN_PASSWORD=... bulwark build examples/python3.yaml --sign-key my.key \\",
                "      --output docker://127.0.0.1:5000/python3:1"},
        header = "Build a minimal, non-root, reproducible OCI image from a spec.", mixinStandardHelpOptions = true,
        description = {"Build a minimal, non-root, reproducible OCI image from a spec and its lock.",
                "Reads SPEC.lock.json (made first when missing), fetches what the cache lacks (verified), writes one layer",
                "per package plus one of generated files (accounts, os-release, CA bundle, …), and writes every --output.",
                "Same spec + lock gives the same digests on any machine.",
                "",
                "Outputs: oci:DIR[:TAG] (OCI image layout; an index when several archs; untagged means :latest; with",
                "several archs each platform's image is also tagged TAG-<arch>[-<variant>], e.g. latest-arm64, for",
                "single-platform tools such as 'umoci unpack --image DIR:latest-amd64'),",
                "oci-archive:FILE, docker-archive:FILE[:TAG] (one arch; loadable by 'docker load'),",
                "docker://HOST/REPO[:TAG] or HOST/REPO:TAG (a registry; credentials from ~/.docker/config.json,",
                "REGISTRY_AUTH_FILE, --authfile or --creds)."})
final class BuildCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions;
    @Mixin
    ArchiveOptions archiveOptions;
    @Option(names = {"--output", "-o"}, paramLabel = "REF", required = true,
            description = "Where to write the image; repeat for several.")
    List<String> outputs;
    @Option(names = "--lockfile", paramLabel = "FILE", description = "The lock to build from (default: SPEC.lock.json).")
    Path lockfile;
    @Option(names = "--compression", defaultValue = "gzip", paramLabel = "gzip|zstd",
            description = "Layer compression (default: ${DEFAULT-VALUE}).")
    String compression;
    @Mixin
    FormatOption format;
    @Mixin
    RegistryOptionsMixin registryOptions;
    @Mixin
    BaseMixin baseOptions;
    @Mixin
    KeyOptions.SignKey signKey;
    @Option(names = "--allow-failed-gates", description = "Publish even when the spec's policy or structure tests fail; "
            + "the failure is recorded in the attached policy and test reports.")
    boolean allowFailedGates;

    @Option(names = "--no-sbom", description = "Without --sign-key, do not attach the unsigned SBOMs and provenance "
            + "(OCI referrers) to oci:/registry outputs.")
    boolean noSbom;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Spec spec = specOptions.read();
        List<String> archs = specOptions.archs(spec);
        List<ImageReference> refs = new ArrayList<>();
        for (String o : outputs) {
            refs.add(ImageReference.parse(o)); // a bad reference is BAD_INPUT (exit 2) already
        }
        try (Workspace wiring = archiveOptions.workspace(spec)) {
            Path lock = lockfile != null ? lockfile : LockfileCodec.lockPathFor(specOptions.spec);
            ConsoleProgress progress = ConsoleProgress.standard(format.json());
            ImageBuilder builder = new ImageBuilder(baseOptions.locker(wiring, registryOptions.toOptions(progress)),
                    wiring.cacheDir(), new Gate.Gates(List.of(new PolicyGate(Clock.systemUTC()),
                            new TestGate(wiring.cacheDir().resolve("tmp"), Clock.systemUTC(), ScanCommand.version())),
                            allowFailedGates));
            // The stale-lock check of an existing lock runs beside the build (it mostly waits on the archive).
            StaleLockCheck early = StaleLockCheck.start(wiring, spec, specOptions.spec.toString(), lock, archs);
            // Whether this JDK's zlib writes the bytes gzip layer digests are defined by: a few ms, off the tail.
            var zlib = compression() == Compression.GZIP
                    ? java.util.concurrent.CompletableFuture.supplyAsync(GzipReference::warning) : null;
            try {
                BuildResult result = builder.build(new BuildRequest(spec, lock, archs, refs, compression(),
                        LockCommand.sourceDateEpoch(), registryOptions.toOptions(progress), signKey.signer(), !noSbom),
                        progress);
                PrintWriter out = self.commandLine().getOut();
                out.println(format.json() ? BuildJson.of(spec, lock, result) : toText(spec, lock, result));
                out.flush();
                if (zlib != null) {
                    zlib.join().ifPresent(this::warn);
                }
                if (!result.lockWritten() && early != null) {   // built from the lock the check read
                    early.await().ifPresent(this::warn);
                }
            } finally {
                if (early != null) {
                    early.stop();
                }
            }
            return 0;
        }
    }

    /**
     * The one-line warning when the lock misses CVE fixes, computed on a thread of its own from the lock as it is
     * before the build; bounded in time ({@value #STALE_CHECK_SECONDS} s from its start), silent when it cannot tell.
     */
    private record StaleLockCheck(dev.bulwark.spec.lock.Lockfile lock, long deadline, Workspace once,
                                  java.util.concurrent.ExecutorService pool,
                                  java.util.concurrent.Future<java.util.Optional<String>> warning) {

        /**
         * Starts the check of {@code lockPath}, or null when the build will not build from it: there is no readable
         * lock yet (the build makes one), or it was made for another version of the spec (the build refuses it).
         */
        static StaleLockCheck start(Workspace wiring, Spec specFile, String spec, Path lockPath, List<String> archs) {
            dev.bulwark.spec.lock.Lockfile lock;
            try {
                lock = java.nio.file.Files.isRegularFile(lockPath) ? LockfileCodec.read(lockPath) : null;
            } catch (dev.bulwark.spec.lock.LockfileException e) {
                lock = null;   // the build reports a bad lock itself
            }
            if (lock == null || !lock.specSha256().equals(specFile.sha256())) {
                return null;
            }
            Workspace once = wiring.oneAttempt();   // offline, a refused connection ends the check at once
            var check = new dev.bulwark.builder.lock.UpdateCheck(once.archive(), once.fetcher(), once.cacheDir(),
                    dev.bulwark.core.Progress.NONE);
            var warning = new dev.bulwark.builder.pipeline.StaleLockWarning(check, wiring.cacheDir(),
                    java.time.Clock.systemUTC());
            var pool = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "stale-lock-check");
                t.setDaemon(true);
                t.setPriority(Thread.NORM_PRIORITY - 1);
                return t;
            });
            dev.bulwark.spec.lock.Lockfile locked = lock;
            return new StaleLockCheck(lock, System.nanoTime() + STALE_CHECK_SECONDS * 1_000_000_000L, once, pool,
                    pool.submit(() -> warning.warning(spec, lockPath, locked, archs)));
        }

        java.util.Optional<String> await() {
            try {
                return warning.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return java.util.Optional.empty();   // an offline or slow archive only means no warning
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return java.util.Optional.empty();
            }
        }

        void stop() {
            pool.shutdownNow();
            once.close();
        }
    }

    private static final long STALE_CHECK_SECONDS = 20;

    private void warn(String warning) {
        self.commandLine().getErr().println("bulwark: " + warning);
        self.commandLine().getErr().flush();
    }

    private Compression compression() throws BulwarkException {
        switch (compression.toLowerCase(Locale.ROOT)) {
            case "gzip":
                return Compression.GZIP;
            case "zstd":
                return Compression.ZSTD;
            default:
                throw new BulwarkException(Kind.BAD_INPUT, "cannot use --compression " + compression + ": choose gzip or zstd");
        }
    }

    private static String toText(Spec spec, Path lock, BuildResult r) {
        StringBuilder b = new StringBuilder();
        b.append(spec.name()).append(": built ").append(r.images().size()).append(" architecture(s) from ").append(lock)
                .append(r.lockWritten() ? " (written now)" : "").append(", SOURCE_DATE_EPOCH ").append(r.lock().sourceDateEpoch()).append('\n');
        r.images().forEach((arch, image) -> b.append(String.format(Locale.ROOT, "  %-8s %s  %d layers, %s compressed%n", arch,
                image.digest(), image.layers().size(), Sizes.human(BuildJson.compressedSize(image)))));
        for (BuildResult.Output o : r.outputs()) {
            b.append(o.reference()).append("  ").append(o.written().index() != null ? "index " : "manifest ")
                    .append(o.written().digest()).append(o.signed() ? "  (signed; SBOMs and provenance attached)" : "")
                    .append('\n');
            List<String> perPlatform = BuildJson.platformReferences(o);
            if (!perPlatform.isEmpty()) {
                b.append("  one platform each: ").append(String.join("  ", perPlatform)).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }
}

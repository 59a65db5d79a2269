package dev.bulwark.cli;

import dev.bulwark.builder.api.Workspace;
import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.catalog.plan.Decision;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.watch.Intervals;
import dev.bulwark.catalog.watch.WatchJson;
import dev.bulwark.catalog.watch.WatchRequest;
import dev.bulwark.catalog.watch.WatchResult;
import dev.bulwark.catalog.watch.Watcher;
import dev.bulwark.catalog.watch.Workshop;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.text.Escape;
import dev.bulwark.policy.gate.Gate;
import dev.bulwark.policy.gate.PolicyGate;
import dev.bulwark.policy.gate.TestGate;
import dev.bulwark.scan.advisory.AdvisorySource;
import dev.bulwark.scan.advisory.AdvisoryStore;
import dev.bulwark.spec.Spec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code bulwark watch [--once] [--interval D]}: the patch loop over the catalog. */
@Command(name = "watch",
        footer = {"", "Examples:",
                "  bulwark watch --once",
                "  bulwark watch --interval 30m --catalog postgresql://HOST/catalog",
                "  bulwark watch --once --format json --sign-key cosign.key"},
        header = "Rebuild catalogued images when a fix lands; record why each was or was not rebuilt.",
        mixinStandardHelpOptions = true,
        description = {"Each cycle re-reads every suite's InRelease by conditional GET (only changed indexes are read",
                "again) and the advisory snapshot (refreshed from BULWARK_TRACKER_URL when older than",
                "BULWARK_ADVISORIES_MAX_AGE), then decides per image, bases before their customizations: rebuild",
                "when its base was rebuilt, when a newer version of an installed package fixes a CVE, or when its",
                "policy is always-update and anything changed; otherwise 'no rebuild' with the reason. A rebuild",
                "re-locks, builds, runs the spec's gates and tests, attaches evidence (signed with --sign-key) and",
                "publishes like 'catalog add': timestamped tags first, moving tags last. A re-lock with the same",
                "packages publishes nothing; a failed rebuild keeps the previous release and records why.",
                "Every decision is one transaction in the catalog; SLA clocks start when a fix is first seen.",
                "Exit 1 when a rebuild failed (--once), 0 otherwise."})
final class WatchCommand implements Callable<Integer> {
    @Option(names = "--once", description = "Run one cycle and exit.")
    boolean once;
    @Option(names = "--interval", paramLabel = "D", defaultValue = "1h",
            description = "Time between cycles: 90s, 30m, 1h, 1d (default: ${DEFAULT-VALUE}).")
    String interval;
    @Option(names = "--sign-key", paramLabel = "KEY", description = "Sign rebuilt images with this private key "
            + "(cosign or PKCS#8 PEM; password from COSIGN_PASSWORD).")
    Path signKey;
    @Option(names = "--no-sbom", description = "Do not attach the unsigned SBOMs and provenance to unsigned outputs.")
    boolean noSbom;
    @Option(names = "--enqueue", description = "Queue each rebuild for the workers ('bulwark worker') instead of "
            + "carrying it out here; a customization whose base is queued follows in a later cycle.")
    boolean enqueue;
    @Mixin
    FormatOption format;
    @Mixin
    CatalogOptions catalogOptions;
    @Mixin
    ArchiveOptions archiveOptions;
    @Mixin
    RegistryOptionsMixin registryOptions;
    @picocli.CommandLine.Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Duration every = Intervals.parse(interval, "--interval");
        Catalog catalog = catalogOptions.open();
        Watcher watcher = Watcher.open(catalog, CatalogOptions.DEFAULT_TIMEOUT, workshop(registryOptions.toOptions(
                ConsoleProgress.standard(format.json()))), Clock.systemUTC());
        if (enqueue) {
            watcher.dispatchingTo(WorkerWiring.dispatch(catalog));
        }
        PrintWriter out = self.commandLine().getOut();
        while (true) {
            ConsoleProgress progress = ConsoleProgress.standard(format.json());
            WatchResult result;
            try {
                result = watcher.once(request(progress), progress);
            } catch (BulwarkException e) {
                if (once) {
                    throw e;
                }
                self.commandLine().getErr().println("bulwark watch: " + e.getMessage() + "; trying again in "
                        + Intervals.human(every));
                if (!sleep(every)) {
                    return 0;
                }
                continue;
            }
            out.print(format.json() ? WatchJson.render(result) + "\n" : text(result));
            out.flush();
            if (once) {
                return result.failed() > 0 ? Kind.CHECK_FAILED.exitCode() : 0;
            }
            if (!sleep(every)) {
                return 0;
            }
        }
    }

    WatchRequest request(ConsoleProgress progress) throws BulwarkException {
        Map<String, String> env = System.getenv();
        Path cacheDir = archiveOptions.cacheDir();
        AdvisoryStore store = new AdvisoryStore(cacheDir, Clock.systemUTC());
        var current = store.current();
        var from = AdvisoryStore.defaultSource(env);
        if (from.isPresent() && (current.isEmpty()
                || current.get().age(Clock.systemUTC().instant()).compareTo(AdvisoryStore.maxAge(env)) > 0)) {
            try {
                current = java.util.Optional.of(store.update(from.get(), dev.bulwark.debian.archive.HttpTransport.standard()));
            } catch (BulwarkException e) {
                progress.info("Advisories not refreshed (" + e.getMessage() + "); using "
                        + current.map(s -> "the snapshot of " + s.updated()).orElse("the archive's changelogs only"));
            }
        }
        List<AdvisorySource> sources = new ArrayList<>();
        current.ifPresent(s -> sources.add(s.asSource()));
        Path staging = cacheDir.resolve("watch"); // staged re-locks: the spec's lock moves once the release is recorded
        return new WatchRequest(sources, current.map(AdvisoryStore.Stored::sha256).orElse(""),
                registryOptions.toOptions(progress), signer(), !noSbom, staging);
    }

    /**
     * One wiring per set of keyrings: specs that trust the same keys share the archive and its caches. A
     * customization gets a builder of its own on each call, so its base is opened when its rebuild locks — after
     * the base itself was rebuilt in the same cycle — never from an earlier read.
     */
    Workshop workshop(dev.bulwark.oci.transport.RegistryOptions registry) {
        Map<List<String>, Workspace> byKeys = new HashMap<>();
        Map<List<String>, Workshop.Tools> tools = new HashMap<>();
        return (Spec spec) -> {
            List<String> keys = List.copyOf(spec.keyrings());
            Workspace wiring = byKeys.get(keys);
            if (wiring == null) {
                wiring = archiveOptions.workspace(spec);
                byKeys.put(keys, wiring);
            }
            if (spec.isCustomization()) {
                return tools(wiring, wiring.locker(new dev.bulwark.builder.customize.BaseOptions(registry,
                        false)));
            }
            Workshop.Tools t = tools.get(keys);
            if (t == null) {
                t = tools(wiring, wiring.locker());
                tools.put(keys, t);
            }
            return t;
        };
    }

    private static Workshop.Tools tools(Workspace wiring, dev.bulwark.builder.lock.Locker locker) {
        ImageBuilder builder = new ImageBuilder(locker, wiring.cacheDir(), new Gate.Gates(List.of(
                new PolicyGate(Clock.systemUTC()), new TestGate(wiring.cacheDir().resolve("tmp"), Clock.systemUTC(),
                        ScanCommand.version())), false));
        return new Workshop.Tools(wiring.archive(), wiring.fetcher(), builder, wiring.cacheDir());
    }

    private dev.bulwark.attest.signers.Signer signer() throws BulwarkException {
        if (signKey == null) {
            return null;
        }
        var key = dev.bulwark.attest.keys.Keys.loadPrivate(signKey,
                dev.bulwark.attest.keys.PasswordSource.cosignStyle(System.getenv(), System.console()));
        return new dev.bulwark.attest.signers.KeySigner(key, new java.security.SecureRandom());
    }

    static String text(WatchResult r) {
        StringBuilder out = new StringBuilder(r.runId()).append(": ");
        List<String> suites = new ArrayList<>();
        r.suites().forEach(s -> suites.add(s.suite() + (s.changed() ? " (new InRelease)" : " (unchanged)")));
        out.append(suites.isEmpty() ? "no suites read" : String.join(", ", suites)).append('\n');
        for (WatchResult.Entry e : r.entries()) {
            Decision d = e.decision();
            out.append("  ").append(Escape.text(d.image())).append(": ").append(d.rebuild() ? "rebuild — " : "no rebuild — ")
                    .append(Escape.text(d.reason()));
            if (!e.outcome().equals("none")) {
                out.append("\n    → ").append(e.outcome()).append(": ").append(Escape.text(e.message()));
            }
            out.append('\n');
        }
        long none = r.entries().stream().filter(e -> e.outcome().equals("none")).count();
        out.append(r.entries().size()).append(r.entries().size() == 1 ? " image: " : " images: ").append(r.rebuilt())
                .append(" rebuilt, ").append(r.failed()).append(" failed, ").append(none).append(" no rebuild; planned in ")
                .append(String.format(java.util.Locale.ROOT, "%.1f ms", r.planning().toNanos() / 1e6)).append('\n');
        return out.toString();
    }

    /** False when interrupted: the watcher stops between cycles, never inside one. */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.bulwark.cli;

import dev.bulwark.builder.api.LockJson;
import dev.bulwark.builder.api.Workspace;
import dev.bulwark.builder.lock.LockCheck;
import dev.bulwark.builder.lock.LockDiff;
import dev.bulwark.builder.lock.LockRequest;
import dev.bulwark.builder.lock.UpdateCheck;
import dev.bulwark.scan.match.Outdated;
import dev.bulwark.builder.lock.LockResult;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark lock SPEC}: pin the closure in {@code SPEC.lock.json} and fetch every .deb into the cache. */
@Command(name = "lock",
        footer = {"", "Examples:",
                "  bulwark lock examples/python3.yaml",
                "  bulwark lock examples/python3.yaml --arch amd64 --no-fetch"},
        header = "Pin every package of a spec in SPEC.lock.json and fetch the .debs.", mixinStandardHelpOptions = true,
        description = {"Resolve a spec and pin every package (version, pool path, size, SHA-256) per architecture in",
                "SPEC.lock.json, then download the .debs into the cache, each verified before it is kept.",
                "The lock always covers every architecture of the spec; --arch limits which packages are downloaded.",
                "Locking again against unchanged archive indexes writes a byte-identical file."})
final class LockCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions;
    @Mixin
    ArchiveOptions archiveOptions;
    @Option(names = {"--output", "-o"}, paramLabel = "FILE", description = "Where to write the lock (default: SPEC.lock.json).")
    Path output;
    @Mixin
    BaseMixin baseOptions;
    @Mixin
    RegistryOptionsMixin registryOptions;
    @Option(names = "--no-fetch", description = "Only write the lock; do not download the packages.")
    boolean noFetch;
    @Mixin
    FormatOption format;
    @Option(names = "--check", description = {"Do not lock: verify the existing lock against today's signed indexes "
            + "(every entry still served with the same SHA-256, size and pool path); exit 1 naming any drift."})
    boolean check;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Spec spec = specOptions.read();
        List<String> archs = specOptions.archs(spec);
        try (Workspace wiring = archiveOptions.workspace(spec)) {
            Path lockPath = output != null ? output : LockfileCodec.lockPathFor(specOptions.spec);
            if (check) {
                return check(wiring, lockPath);
            }
            ConsoleProgress progress = ConsoleProgress.standard(format.json());
            LockResult result = baseOptions.locker(wiring, registryOptions.toOptions(progress)).lock(
                    new LockRequest(spec, lockPath, !noFetch, archs, sourceDateEpoch()), progress);
            PrintWriter out = self.commandLine().getOut();
            if (format.json()) {
                out.println(LockJson.of(result));
            } else {
                result.lockfile().archs().forEach((arch, pkgs) -> out.println(spec.name() + " for " + arch + ": "
                        + pkgs.size() + " packages, " + Sizes.human(pkgs.stream().mapToLong(p -> p.size()).sum())
                        + " of .debs"));
                if (result.fetch() != null) {
                    out.println("cache: " + result.fetch().downloaded() + " downloaded ("
                            + Sizes.human(result.fetch().downloadedBytes()) + "), " + result.fetch().cached()
                            + " already cached, in " + wiring.cacheDir());
                }
                out.println((result.changed() ? "wrote " : "unchanged ") + lockPath + " (SOURCE_DATE_EPOCH "
                        + result.lockfile().sourceDateEpoch() + ")");
                printDiff(out, result, wiring);
            }
            out.flush();
            return 0;
        }
    }

    private int check(Workspace wiring, Path lockPath) throws BulwarkException {
        if (!java.nio.file.Files.isRegularFile(lockPath)) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot check " + lockPath + ": no such lock; run 'bulwark lock "
                    + specOptions.spec + "' first");
        }
        var lock = LockfileCodec.read(lockPath);
        List<LockCheck.Drift> drift = LockCheck.check(wiring.archive(), lock);
        PrintWriter out = self.commandLine().getOut();
        int total = lock.archs().values().stream().mapToInt(List::size).sum();
        if (drift.isEmpty()) {
            out.println(lockPath + ": all " + total + " locked packages are served by today's signed indexes as pinned");
        } else {
            drift.forEach(d -> out.println("drift: " + d.pkg().name() + " " + d.pkg().version() + " (" + d.arch() + "): "
                    + d.problem()));
            out.println(lockPath + ": " + drift.size() + " of " + total + " locked packages drifted; run 'bulwark lock "
                    + specOptions.spec + "' to pin what the archive serves today");
        }
        out.flush();
        return drift.isEmpty() ? 0 : Kind.CHECK_FAILED.exitCode();
    }

    /** Added, removed and upgraded packages against the previous lock, each upgrade with the CVEs it fixes. */
    private void printDiff(PrintWriter out, LockResult result, Workspace wiring) {
        LockDiff diff = result.diff();
        if (diff.isEmpty()) {
            return;
        }
        java.util.Map<String, java.util.Map<String, Outdated.Update>> fixes = new java.util.TreeMap<>();
        String cvesUnknown = null;
        try {
            var check = new UpdateCheck(wiring.archive(), wiring.fetcher(), wiring.cacheDir(), dev.bulwark.core.Progress.NONE);
            for (Outdated.Report r : check.forLock(result.lockfile().specName(), result.previous(),
                    List.copyOf(diff.byArch().keySet()).stream().filter(result.previous().archs()::containsKey).toList(),
                    List.of())) {
                r.updates().forEach(u -> fixes.computeIfAbsent(u.pkg().architecture(), k -> new java.util.TreeMap<>())
                        .put(u.pkg().name(), u));
            }
        } catch (BulwarkException e) {
            cvesUnknown = e.getMessage();
        }
        diff.byArch().forEach((arch, changes) -> {
            if (changes.isEmpty()) {
                return;
            }
            out.println("changes for " + arch + " against the previous lock:");
            for (LockDiff.Change c : changes) {
                StringBuilder line = new StringBuilder("  ").append(c.kind()).append(' ').append(c.name()).append(' ');
                if (c.before() == null) {
                    line.append(c.after().version());
                } else if (c.after() == null) {
                    line.append(c.before().version());
                } else {
                    line.append(c.before().version()).append(" -> ").append(c.after().version());
                    Outdated.Update u = fixes.getOrDefault(c.after().architecture(), java.util.Map.of()).get(c.name());
                    List<String> cves = u == null ? List.of() : u.fixes().stream()
                            .filter(f -> reaches(c.after().sourceVersion(), f.fixedVersion()))
                            .map(Outdated.Fix::cve).toList();
                    line.append(cves.isEmpty() ? "" : " fixes " + cves.size() + " CVEs: " + String.join(", ", cves));
                }
                out.println(line);
            }
        });
        if (cvesUnknown != null) {
            out.println("(the CVEs the upgrades fix are unknown: " + cvesUnknown + ")");
        }
    }

    /** Whether the newly locked source version is at least the fixed one (the upgrade carries the fix). */
    private static boolean reaches(String locked, dev.bulwark.debian.version.DebianVersion fixed) {
        try {
            return dev.bulwark.debian.version.DebianVersion.parse(locked).compareTo(fixed) >= 0;
        } catch (dev.bulwark.debian.version.VersionParseException e) {
            return false;
        }
    }

    static Long sourceDateEpoch() throws BulwarkException {
        String value = System.getenv("SOURCE_DATE_EPOCH");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot use SOURCE_DATE_EPOCH='" + value
                    + "': it must be a number of seconds since 1970-01-01 UTC");
        }
    }
}

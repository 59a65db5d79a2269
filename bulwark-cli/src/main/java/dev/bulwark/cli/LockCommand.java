package dev.bulwark.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.build.lock.LockRequest;
import dev.bulwark.build.lock.LockResult;
import dev.bulwark.build.lock.Locker;
import dev.bulwark.build.lock.LockfileCodec;
import dev.bulwark.build.spec.Spec;
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
    @Option(names = "--no-fetch", description = "Only write the lock; do not download the packages.")
    boolean noFetch;
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Spec spec = specOptions.read();
        List<String> archs = specOptions.archs(spec);
        Wiring wiring = Wiring.forSpec(archiveOptions, spec);
        Path lockPath = output != null ? output : LockfileCodec.lockPathFor(specOptions.spec);
        LockResult result = new Locker(wiring.archive, wiring.fetcher).lock(
                new LockRequest(spec, lockPath, !noFetch, archs, sourceDateEpoch()), ConsoleProgress.standard(format == Format.json));
        PrintWriter out = self.commandLine().getOut();
        if (format == Format.json) {
            ObjectNode root = Json.object();
            root.put("lockfile", lockPath.toString());
            root.put("changed", result.changed());
            root.put("sourceDateEpoch", result.lockfile().sourceDateEpoch());
            ObjectNode archsNode = root.putObject("archs");
            result.lockfile().archs().forEach((arch, pkgs) -> {
                ObjectNode a = archsNode.putObject(arch);
                a.put("packages", pkgs.size());
                a.put("debBytes", pkgs.stream().mapToLong(p -> p.size()).sum());
            });
            if (result.fetch() != null) {
                ObjectNode f = root.putObject("fetch");
                f.put("downloaded", result.fetch().downloaded());
                f.put("downloadedBytes", result.fetch().downloadedBytes());
                f.put("cached", result.fetch().cached());
            }
            out.println(Json.render(root));
        } else {
            result.lockfile().archs().forEach((arch, pkgs) -> out.println(spec.name() + " for " + arch + ": " + pkgs.size()
                    + " packages, " + Sizes.human(pkgs.stream().mapToLong(p -> p.size()).sum()) + " of .debs"));
            if (result.fetch() != null) {
                out.println("cache: " + result.fetch().downloaded() + " downloaded (" + Sizes.human(result.fetch().downloadedBytes())
                        + "), " + result.fetch().cached() + " already cached, in " + wiring.cacheDir);
            }
            out.println((result.changed() ? "wrote " : "unchanged ") + lockPath + " (SOURCE_DATE_EPOCH "
                    + result.lockfile().sourceDateEpoch() + ")");
        }
        out.flush();
        return 0;
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

package dev.bulwark.cli;

import dev.bulwark.builder.api.Workspace;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.builder.lock.UpdateCheck;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.scan.advisory.AdvisorySource;
import dev.bulwark.scan.advisory.AdvisoryStore;
import dev.bulwark.scan.match.Outdated;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.scan.match.Targets;
import dev.bulwark.scan.report.OutdatedReport;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark outdated SPEC|REF}: which packages have CVE-fixing updates, and whether to rebuild. */
@Command(name = "outdated",
        footer = {"", "Examples:",
                "  bulwark outdated examples/python3.yaml",
                "  bulwark outdated oci:out/python3:latest --arch amd64 --format json"},
        header = "Say which packages of a lock or image have newer versions that fix CVEs.",
        mixinStandardHelpOptions = true,
        description = {"Per architecture, every package with a newer version in the suites the image builds from, the",
                "CVEs that version fixes with their evidence (the advisory database when one was fetched, and the",
                "archive's changelog entries since the installed version), and the verdict: rebuild needed or not.",
                "SPEC reads SPEC.lock.json; REF is an image (oci:DIR[:TAG], docker-archive:FILE, a registry).",
                "--arch and --platform may repeat: a SPEC checks every locked architecture without them, a REF",
                "the platform the usual rule picks (the only one, else this machine's, else it asks).",
                "Exit 1 when an update fixes a CVE, 0 otherwise."})
final class OutdatedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC|REF", description = "A spec (its lock is read) or an image reference.")
    String target;

    @Mixin
    PlatformOptions platformOptions; // repeatable here: --arch/--platform name each architecture to check

    @Mixin
    FormatOption format;

    @Mixin
    ArchiveOptions archiveOptions;

    @Mixin
    RegistryOptionsMixin registryOptions;

    @Mixin
    BaseMixin baseOptions;
    @picocli.CommandLine.Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Path cacheDir = archiveOptions.cacheDir();
        List<AdvisorySource> before = new ArrayList<>();
        AdvisoryStore store = new AdvisoryStore(cacheDir, Clock.systemUTC());
        store.current().ifPresent(s -> before.add(s.asSource()));
        Progress progress = ConsoleProgress.standard(format.json());
        List<Outdated.Report> reports;
        String name;
        Path file = Path.of(target);
        if (!target.contains(":") && Files.isRegularFile(file)) {
            Spec spec = new SpecParser().parse(file);
            Path lockPath = LockfileCodec.lockPathFor(file);
            if (!Files.isRegularFile(lockPath)) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot check " + file + ": it has no lock " + lockPath
                        + "; run 'bulwark lock " + file + "' first");
            }
            Lockfile lock = LockfileCodec.read(lockPath);
            name = spec.name();
            List<String> archs = new ArrayList<>();
            for (dev.bulwark.oci.Platform p : platformOptions.wantedAll()) {
                archs.add(dev.bulwark.image.PlatformChoice.debianArch(p));
            }
            try (Workspace wiring = archiveOptions.checkWorkspace(spec.keyrings().stream().map(Path::of).toList())) {
                if (spec.isCustomization()) {
                    lock = baseOptions.locker(wiring, registryOptions.toOptions(Progress.NONE)).customizer(spec)
                            .withBasePackages(spec, lock, progress);
                }
                reports = new UpdateCheck(wiring.archive(), wiring.fetcher(), cacheDir, progress)
                        .forLock(name, lock, archs, before);
            }
        } else {
            name = target;
            reports = imageReports(cacheDir, progress, before);
        }
        PrintWriter out = self.commandLine().getOut();
        out.print(format.json() ? OutdatedReport.json(name, reports) + "\n" : OutdatedReport.text(name, reports));
        out.flush();
        return reports.stream().anyMatch(Outdated.Report::rebuildNeeded) ? Kind.CHECK_FAILED.exitCode() : 0;
    }

    private List<Outdated.Report> imageReports(Path cacheDir, Progress progress, List<AdvisorySource> before)
            throws BulwarkException {
        var source = dev.bulwark.image.ImageSources.open(ImageReference.parse(target),
                registryOptions.toOptions(Progress.NONE));
        List<Image> images = platformOptions.selectAll(source);
        try (Workspace wiring = archiveOptions.checkWorkspace(List.of())) {
            UpdateCheck check = new UpdateCheck(wiring.archive(), wiring.fetcher(), cacheDir, progress);
            List<Outdated.Report> out = new ArrayList<>();
            for (Image image : images) {
                ScanTarget t = Targets.fromImage(target, image, null, List.of(), cacheDir);
                out.add(check.report(t, List.of("main"), before));
            }
            return out;
        }
    }
}

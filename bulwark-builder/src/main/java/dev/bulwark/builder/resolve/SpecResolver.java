package dev.bulwark.builder.resolve;

import dev.bulwark.spec.Spec;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.DebianException;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.archive.Indexes;
import dev.bulwark.debian.archive.PackageIndex;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.control.RelationParseException;
import dev.bulwark.debian.resolve.PackageUniverse;
import dev.bulwark.debian.resolve.ResolveRequest;
import dev.bulwark.debian.resolve.Resolver;
import dev.bulwark.debian.archive.ArchiveException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves a spec's package list over its suites for each requested architecture. */
public final class SpecResolver {

    private final Archive archive;

    public SpecResolver(Archive archive) {
        this.archive = archive;
    }

    /** Every suite's verified InRelease, fetched in parallel (each is a round trip to the mirror), in spec order. */
    public List<SuiteRelease> releases(List<String> names, Progress progress) throws DebianException {
        progress.info("Verifying InRelease of " + String.join(", ", names));
        List<java.util.concurrent.CompletableFuture<SuiteRelease>> futures = new ArrayList<>();
        for (String suite : names) {
            futures.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return archive.release(suite);
                } catch (ArchiveException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        List<SuiteRelease> out = new ArrayList<>();
        for (var f : futures) {
            try {
                out.add(f.join());
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof DebianException de) {
                    throw de;
                }
                throw new ArchiveException(DebianException.Kind.ENVIRONMENT, "cannot fetch the suites: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    public SpecResolution resolve(Spec spec, List<String> archs, Progress progress) throws DebianException {
        if (spec.isCustomization()) {
            throw new ArchiveException(DebianException.Kind.BAD_INPUT, "cannot resolve " + spec.file() + ": it customizes "
                    + "base '" + spec.base() + "', which the archive alone cannot tell; resolve it through Locker.resolve");
        }
        List<SuiteRelease> suites = releases(spec.suites(), progress);
        Map<String, String> excluded = spec.excludedPackages();
        ResolveRequest request = new ResolveRequest(spec.packages().stream()
                .map(p -> new ResolveRequest.Requested(p.name(), p.version())).toList(), excluded);
        Map<String, dev.bulwark.debian.resolve.Resolution> byArch = new LinkedHashMap<>();
        for (String arch : archs) {
            progress.info("Reading package indexes for " + arch);
            List<PackageIndex> indexes = Indexes.open(archive, suites, spec.components(), arch);
            PackageUniverse universe;
            try {
                universe = PackageUniverse.over(arch, indexes, spec.suites());
            } catch (RelationParseException e) {
                throw new ArchiveException(DebianException.Kind.ENVIRONMENT, "cannot read the indexes of " + arch + ": "
                        + e.getMessage(), e);
            }
            byArch.put(arch, new Resolver(universe).resolve(request));
        }
        return new SpecResolution(suites, byArch, excluded);
    }

}

package dev.bulwark.builder.customize;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.resolve.SpecResolution;
import dev.bulwark.builder.resolve.SpecResolver;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.DebianException;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.Indexes;
import dev.bulwark.debian.archive.PackageIndex;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.control.Alternatives;
import dev.bulwark.debian.control.RelationParseException;
import dev.bulwark.debian.control.Relations;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.resolve.PackageUniverse;
import dev.bulwark.debian.resolve.Resolution;
import dev.bulwark.debian.resolve.ResolveException;
import dev.bulwark.debian.resolve.ResolveRequest;
import dev.bulwark.debian.resolve.Resolver;
import dev.bulwark.spec.PackageRequest;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecLines;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves the packages a customization adds, against its base: in the base lock's suites, with every package the
 * base has held at the version it has (a base package the archive no longer serves stands in as installed). The
 * result holds only what is added. A request that would change a base package is an error naming both.
 */
final class CustomResolver {
    private final Archive archive;

    CustomResolver(Archive archive) {
        this.archive = archive;
    }

    SpecResolution resolve(Spec spec, SpecLines lines, BaseImage base, List<String> archs, Progress progress)
            throws BulwarkException {
        List<SuiteRelease> suites = new SpecResolver(archive).releases(base.suites(), progress);
        Map<String, String> excluded = spec.excludedPackages();
        List<ResolveRequest.Requested> wanted = new ArrayList<>(spec.packages().stream()
                .map(p -> new ResolveRequest.Requested(p.name(), p.version())).toList());
        if (DevVariant.of(spec)) {
            DevVariant.PACKAGES.stream().filter(n -> wanted.stream().noneMatch(w -> w.name().equals(n)))
                    .forEach(n -> wanted.add(new ResolveRequest.Requested(n, null)));
        }
        ResolveRequest request = new ResolveRequest(wanted, excluded);
        Map<String, Resolution> byArch = new LinkedHashMap<>();
        for (String arch : archs) {
            BaseContents contents = base.contents(arch);
            checkPins(spec, lines, base, arch, contents);
            progress.info("Reading package indexes for " + arch);
            List<PackageIndex> indexes = Indexes.open(archive, suites, spec.components(), arch);
            Resolution r;
            try {
                r = new Resolver(universe(arch, held(indexes, contents), base.suites())).resolve(request);
            } catch (ResolveException e) {
                throw explain(e, spec, lines, base, arch, contents, universe(arch, indexes, base.suites()), request);
            }
            List<Resolution.Selected> added = r.packages().stream()
                    .filter(s -> !contents.packages().containsKey(s.pkg().name())).toList();
            byArch.put(arch, new Resolution(arch, added, r.skipped(), r.excluded()));
        }
        return new SpecResolution(suites, byArch, excluded);
    }

    /** A package the spec pins that the base has at another version: never changed by a customization. */
    private static void checkPins(Spec spec, SpecLines lines, BaseImage base, String arch, BaseContents contents)
            throws BuildException {
        for (PackageRequest p : spec.packages()) {
            InstalledPackage had = contents.packages().get(p.name());
            if (had != null && p.version() != null && !had.version().toString().equals(p.version())) {
                boolean older = compare(p.version(), had) < 0;
                throw new BuildException(Kind.BAD_INPUT, "cannot add " + p.name() + "=" + p.version() + " ("
                        + lines.item("packages", p.name()) + ") for " + arch + ": base " + base.name() + " has "
                        + had.id() + (older ? ", and that would be a downgrade" : "") + "; a customization keeps every "
                        + "package of its base at its version — drop the pin, or rebuild the base with the version "
                        + "you need");
            }
        }
    }

    private static int compare(String version, InstalledPackage had) {
        try {
            return dev.bulwark.debian.version.DebianVersion.parse(version).compareTo(had.version());
        } catch (dev.bulwark.debian.version.VersionParseException e) {
            return 0;
        }
    }

    /**
     * The archive's indexes with every name the base has narrowed to the base's version, then the base's packages the
     * archive no longer serves at that version, standing in as installed.
     */
    private static List<PackageIndex> held(List<PackageIndex> indexes, BaseContents contents) {
        List<PackageIndex> out = new ArrayList<>();
        for (PackageIndex index : indexes) {
            out.add(new HeldIndex(index, contents.packages()));
        }
        List<ArchivePackage> standIns = new ArrayList<>();
        for (InstalledPackage had : contents.packages().values()) {
            boolean served = indexes.stream().anyMatch(index -> index.named(had.name()).stream()
                    .anyMatch(p -> had.version().compareTo(p.version()) == 0));
            if (!served) {
                standIns.add(new ArchivePackage(had.name(), had.version(), had.architecture(), had.source(),
                        had.sourceVersion(), "(base image)", "main", "(installed in the base image)", 0, "", "", "",
                        had.control().get("Provides").orElse(null), null, null, false,
                        had.control().get("Multi-Arch").orElse(null)));
            }
        }
        out.add(PackageIndex.of(standIns));
        return out;
    }

    private static PackageUniverse universe(String arch, List<PackageIndex> indexes, List<String> suites)
            throws ArchiveException {
        List<String> order = new ArrayList<>(suites);
        order.add("(base image)");
        try {
            return PackageUniverse.over(arch, indexes, order);
        } catch (RelationParseException e) {
            throw new ArchiveException(DebianException.Kind.ENVIRONMENT, "cannot read the indexes of " + arch + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Why the held resolution failed: resolved freely, which added package depends on a base package at a version the
     * base does not have. Without such a package, the resolver's own error stands.
     */
    private static BulwarkException explain(ResolveException original, Spec spec, SpecLines lines, BaseImage base,
            String arch, BaseContents contents, PackageUniverse free, ResolveRequest request) {
        Resolution r;
        try {
            r = new Resolver(free).resolve(request);
        } catch (ResolveException e) {
            return original;
        }
        for (Resolution.Selected s : r.packages()) {
            if (contents.packages().containsKey(s.pkg().name())) {
                continue;
            }
            for (String field : List.of("Pre-Depends", "Depends")) {
                String value = field.equals("Depends") ? s.pkg().depends() : s.pkg().preDepends();
                List<Alternatives> groups;
                try {
                    groups = value == null || value.isBlank() ? List.of() : Relations.parse(value);
                } catch (RelationParseException e) {
                    continue;
                }
                for (Alternatives group : groups) {
                    InstalledPackage blocked = blocking(group, contents);
                    if (blocked != null) {
                        List<Resolution.Selected> chain = r.chain(s.pkg().name());
                        String root = chain.isEmpty() ? s.pkg().name() : chain.get(0).pkg().name();
                        String via = chain.stream().map(c -> c.pkg().id()).collect(Collectors.joining(" → "));
                        return new BuildException(Kind.BAD_INPUT, "cannot add " + root + " (" + lines.item("packages",
                                root) + ") for " + arch + ": " + s.pkg().id() + " " + field + " '" + group + "'"
                                + (chain.size() > 1 ? " (through " + via + ")" : "") + ", but base " + base.name()
                                + " has " + blocked.id() + "; a customization keeps every package of its base at its "
                                + "version — rebuild the base with a newer lock, or pin an older " + root, original);
                    }
                }
            }
        }
        return original;
    }

    /** The base package that makes {@code group} unsatisfiable, when every option names one at a rejected version. */
    private static InstalledPackage blocking(Alternatives group, BaseContents contents) {
        InstalledPackage first = null;
        for (var option : group.options()) {
            InstalledPackage had = contents.packages().get(option.name());
            if (had == null || option.satisfiedBy(had.version())) {
                return null;
            }
            first = first == null ? had : first;
        }
        return first;
    }
}

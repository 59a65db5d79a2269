package dev.bulwark.debian.archive;

import java.util.ArrayList;
import java.util.List;

/** Static helpers that read a whole architecture's worth of Packages indexes from an {@link Archive}. */
public final class Indexes {

    private Indexes() {
    }

    /**
     * Every package of {@code arch} (including {@code Architecture: all}) in the given suites and components. A
     * component or architecture the Release does not list for a suite is an error, never silently skipped.
     */
    public static List<ArchivePackage> load(Archive archive, List<SuiteRelease> suites, List<String> components, String arch)
            throws ArchiveException {
        return load(archive, suites, components, arch, PackagesIndexReader.Wanted.ALL);
    }

    /**
     * As {@link #load}, keeping only the packages {@code wanted} keeps (see
     * {@link Archive#packages(SuiteRelease, String, String, PackagesIndexReader.Wanted)}).
     */
    public static List<ArchivePackage> load(Archive archive, List<SuiteRelease> suites, List<String> components,
            String arch, PackagesIndexReader.Wanted wanted) throws ArchiveException {
        List<ArchivePackage> all = new ArrayList<>();
        for (SuiteRelease suite : suites) {
            for (String component : components) {
                all.addAll(archive.packages(suite, component, arch, wanted));
            }
        }
        return all;
    }

    /**
     * The same indexes as {@link #load}, in the same order (suite by suite, each in component order), for looking
     * names up in rather than reading whole.
     */
    public static List<PackageIndex> open(Archive archive, List<SuiteRelease> suites, List<String> components, String arch)
            throws ArchiveException {
        List<PackageIndex> all = new ArrayList<>();
        for (SuiteRelease suite : suites) {
            for (String component : components) {
                all.add(archive.index(suite, component, arch));
            }
        }
        return all;
    }
}

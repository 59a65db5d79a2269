package dev.bulwark.debian.archive;

import java.io.InputStream;
import java.io.IOException;
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
        List<ArchivePackage> all = new ArrayList<>();
        for (SuiteRelease suite : suites) {
            for (String component : components) {
                String name = suite.suite() + "/" + component + "/binary-" + arch + "/Packages";
                try (InputStream in = archive.openPackages(suite, component, arch)) {
                    PackagesIndexReader.read(in, suite.suite(), component, name, all::add);
                } catch (IOException e) {
                    throw new ArchiveException(dev.bulwark.core.BulwarkException.Kind.ENVIRONMENT,
                            "cannot read index " + name + ": " + e.getMessage(), e);
                }
            }
        }
        return all;
    }
}

package dev.bulwark.debian.archive;

import java.io.InputStream;
import java.net.URI;

/** A Debian archive whose every answer has been verified against a signed InRelease. */
public interface Archive {

    /** The suite's InRelease, signature-checked, parsed from the signed text only. */
    SuiteRelease release(String suite) throws ArchiveException;

    /**
     * The decompressed Packages index of one suite/component/architecture, checked against the Release's size and
     * SHA-256 before a byte is returned.
     */
    InputStream openPackages(SuiteRelease release, String component, String arch) throws ArchiveException;

    /** Every package of one suite/component/architecture index, read from {@link #openPackages}. */
    default java.util.List<ArchivePackage> packages(SuiteRelease release, String component, String arch)
            throws ArchiveException {
        String name = release.suite() + "/" + component + "/binary-" + arch + "/Packages";
        java.util.List<ArchivePackage> all = new java.util.ArrayList<>();
        try (java.io.InputStream in = openPackages(release, component, arch)) {
            PackagesIndexReader.read(in, release.suite(), component, name, all::add);
        } catch (java.io.IOException e) {
            throw new ArchiveException(dev.bulwark.core.BulwarkException.Kind.ENVIRONMENT,
                    "cannot read index " + name + ": " + e.getMessage(), e);
        }
        return all;
    }

    /**
     * The packages of one suite/component/architecture index that {@code wanted} keeps (by package and source name),
     * in index order: for a few names out of an index's tens of thousands. By default {@link #packages}, filtered;
     * an archive may read only those stanzas into packages. {@link PackagesIndexReader.Wanted#ALL} is {@link #packages}.
     */
    default java.util.List<ArchivePackage> packages(SuiteRelease release, String component, String arch,
            PackagesIndexReader.Wanted wanted) throws ArchiveException {
        java.util.List<ArchivePackage> all = packages(release, component, arch);
        return wanted == PackagesIndexReader.Wanted.ALL ? all
                : all.stream().filter(p -> wanted.test(p.name(), p.source())).toList();
    }

    /**
     * One suite/component/architecture index, looked up by name. By default it holds all of {@link #packages}; an
     * archive that keeps indexes in a form it can look names up in (as {@link HttpArchive} does) reads only those.
     */
    default PackageIndex index(SuiteRelease release, String component, String arch) throws ArchiveException {
        return PackageIndex.of(packages(release, component, arch));
    }

    /** Where a pool file ({@code Filename:} of a Packages stanza) of {@code suite} is served. */
    URI poolUri(String suite, String filename);
}

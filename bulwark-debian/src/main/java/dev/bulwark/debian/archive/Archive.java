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

    /** Where a pool file ({@code Filename:} of a Packages stanza) of {@code suite} is served. */
    URI poolUri(String suite, String filename);
}

package dev.bulwark.debian.archive;

import java.net.URI;

/** A verified Release plus where it came from and the SHA-256 of the InRelease bytes (for provenance). */
public record SuiteRelease(String suite, URI inReleaseUri, String inReleaseSha256, Release release) {
}

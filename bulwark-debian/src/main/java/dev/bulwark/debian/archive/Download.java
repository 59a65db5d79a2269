package dev.bulwark.debian.archive;

import java.nio.file.Path;

/**
 * What a GET produced. {@code notModified} means the server answered 304 and {@code file} was left untouched.
 */
public record Download(Path file, boolean notModified, long size, String sha256, String etag, String lastModified) {
}

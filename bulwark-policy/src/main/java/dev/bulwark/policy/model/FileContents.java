package dev.bulwark.policy.model;

import dev.bulwark.policy.PolicyException;
import java.util.Map;
import java.util.function.Predicate;

/** Reads the content of chosen regular files of an image or a root directory (small files only). */
@FunctionalInterface
public interface FileContents {
    /** The bytes of every regular file whose absolute path {@code wanted} accepts. */
    Map<String, byte[]> read(Predicate<String> wanted) throws PolicyException;
}

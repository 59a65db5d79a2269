package dev.bulwark.builder.assemble;

import java.util.List;
import java.util.Optional;

/**
 * Merged-/usr layout for every image: {@code /bin}, {@code /sbin}, {@code /lib}, {@code /lib32}, {@code /lib64} and
 * {@code /libx32} are symlinks into {@code /usr}, as Debian 13's base-files ships them. Debian 12 packages still put
 * files under {@code /bin} and {@code /lib} (usrmerge rewrote them at install time there); Bulwark does the same
 * rewrite for every release, so no path lands twice — once behind a symlinked directory and once under /usr.
 */
public final class MergedUsr {

    static final List<String> MERGED = dev.bulwark.spec.ImagePaths.MERGED_USR;

    private MergedUsr() {
    }

    /** {@code /bin/ls} → {@code /usr/bin/ls}; paths elsewhere are returned unchanged. */
    public static String canonical(String path) {
        return dev.bulwark.spec.ImagePaths.mergedUsr(path); // the spec checks its paths in this spelling too
    }

    /** Whether {@code path} is one of the merged top-level directories themselves ({@code /bin}, {@code /lib} …). */
    static Optional<String> topLevel(String path) {
        for (String top : MERGED) {
            if (path.equals("/" + top)) {
                return Optional.of(top);
            }
        }
        return Optional.empty();
    }

    /**
     * The target a symlink moved from {@code oldPath} to {@code newPath} needs to keep pointing at the same file: an
     * absolute target is made canonical; a relative one is resolved from the old location and made relative to the
     * new one ({@code /bin/x -> ../usr/bin/y} at {@code /usr/bin/x} becomes {@code y}).
     */
    static String relinked(String oldPath, String newPath, String target) {
        if (target.startsWith("/")) {
            return canonical(target);
        }
        String absolute = canonical(normalize(oldPath.substring(0, oldPath.lastIndexOf('/')) + "/" + target));
        java.nio.file.Path from = java.nio.file.Path.of(newPath.substring(0, newPath.lastIndexOf('/') + 1));
        return from.relativize(java.nio.file.Path.of(absolute)).toString();
    }

    private static String normalize(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The symlink target base-files uses for a merged top-level directory: {@code usr/bin} for {@code /bin}. */
    static String linkTarget(String top) {
        return "usr/" + top;
    }
}

package dev.bulwark.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

/**
 * Host tools Bulwark hands verified bytes to (openssl to hash them, xz to decode them): taken only from system
 * locations, never from PATH (a writable PATH entry could lie), and only when the file and every directory above it
 * are root's and writable by nobody else.
 */
public final class SystemTools {

    private SystemTools() {
    }

    /** The real path of the first of {@code candidates} that is a trusted executable, or null. */
    public static Path firstTrusted(List<Path> candidates) {
        for (Path candidate : candidates) {
            Path real = trustedRealPath(candidate);
            if (real != null) {
                return real;
            }
        }
        return null;
    }

    /**
     * Whether {@code file} is a regular executable that root (uid 0) owns, in directories root owns, none of them
     * writable by group or others.
     */
    public static boolean trusted(Path file) {
        return trustedRealPath(file) != null;
    }

    /** The resolved path of {@code file} when it is trusted (see {@link #trusted}), to run that and not the link. */
    public static Path trustedRealPath(Path file) {
        try {
            Path real = file.toRealPath();
            for (Path p = real; p != null; p = p.getParent()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
                var perms = a.permissions();
                Object uid = Files.getAttribute(p, "unix:uid");
                if (!(uid instanceof Integer i && i == 0) || perms.contains(PosixFilePermission.GROUP_WRITE)
                        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    return null;
                }
            }
            return Files.isRegularFile(real) && Files.isExecutable(real) ? real : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}

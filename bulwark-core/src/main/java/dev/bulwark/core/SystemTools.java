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

    /** The first of {@code candidates} that is a trusted executable, or null. */
    public static Path firstTrusted(List<Path> candidates) {
        for (Path candidate : candidates) {
            if (trusted(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Whether {@code file} is a regular executable that root owns, in directories root owns, none of them writable by
     * group or others.
     */
    public static boolean trusted(Path file) {
        try {
            Path real = file.toRealPath();
            for (Path p = real; p != null; p = p.getParent()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
                var perms = a.permissions();
                if (!a.owner().getName().equals("root") || perms.contains(PosixFilePermission.GROUP_WRITE)
                        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    return false;
                }
            }
            return Files.isRegularFile(real) && Files.isExecutable(real);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}

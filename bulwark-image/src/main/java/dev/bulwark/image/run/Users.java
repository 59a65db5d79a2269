package dev.bulwark.image.run;

import dev.bulwark.image.ImageException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.text.Escape;
import dev.bulwark.oci.rootfs.RootfsUnpacker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Resolves a user ("uid[:gid]", "name[:group]") against the image's /etc/passwd and /etc/group. */
final class Users {
    private Users() {
    }

    /** {uid, gid}; null or blank is root (0:0), as in every container runtime. */
    static int[] resolve(String user, RootfsUnpacker rootfs) throws BulwarkException {
        if (user == null || user.isBlank()) {
            return new int[] {0, 0};
        }
        String[] parts = user.split(":", 2);
        // Looked up inside the rootfs, never following a symlink out of it.
        String[] passwd = lookup(rootfs.locate("/etc/passwd"), parts[0], user);
        int uid = passwd == null ? number(parts[0], user) : number(passwd[2], user);
        Integer gid = passwd == null ? null : number(passwd[3], user);
        if (parts.length == 2) {
            String[] group = lookup(rootfs.locate("/etc/group"), parts[1], user);
            gid = group == null ? number(parts[1], user) : number(group[2], user);
        }
        return new int[] {uid, gid == null ? uid : gid};
    }

    private static String[] lookup(Path file, String name, String user) throws ImageException {
        if (name.chars().allMatch(Character::isDigit) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(":");
                if (f.length >= 4 && f[0].equals(name)) {
                    return f;
                }
            }
        } catch (IOException e) {
            throw new ImageException(Kind.BAD_INPUT, "cannot read the image's /etc/" + file.getFileName() + ": "
                    + e.getMessage(), e);
        }
        throw new ImageException(Kind.BAD_INPUT, "cannot run as user '" + Escape.text(user) + "': no '"
                + Escape.text(name) + "' in the image's /etc/" + file.getFileName() + "; give a uid[:gid] instead");
    }

    private static int number(String s, String user) throws ImageException {
        try {
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ImageException(Kind.BAD_INPUT, "cannot run as user '" + Escape.text(user)
                    + "': not a number or a known name");
        }
    }
}

package dev.bulwark.debian.deb;

import dev.bulwark.debian.DebianException;

/**
 * A {@code .deb} that cannot be read: not an ar archive, an unsupported member, corrupt compressed data, or an entry
 * that would escape or redirect the image tree. Always bad input: the package, not the host, is at fault.
 */
public class DebException extends DebianException {

    private final String label;

    /** {@code why} names the member and entry at fault, e.g. {@code "data.tar.xz entry ./../x: path has a '..' component"}. */
    public DebException(String label, String why) {
        super(Kind.BAD_INPUT, message(label, why));
        this.label = label;
    }

    public DebException(String label, String why, Throwable cause) {
        super(Kind.BAD_INPUT, message(label, why), cause);
        this.label = label;
    }

    private static String message(String label, String why) {
        return "cannot read " + label + ": " + why;
    }

    /** The package as the caller named it (file name or {@code name_version_arch}). */
    public String label() {
        return label;
    }
}

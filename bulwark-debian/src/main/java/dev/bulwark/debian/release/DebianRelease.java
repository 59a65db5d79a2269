package dev.bulwark.debian.release;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Debian release: its codename ("bookworm"), its number as os-release and OSV name it ("12"; releases 3.0 to
 * 6.0 keep their minor number) and where it stands.
 */
public record DebianRelease(String codename, String number, Status status) {
    private static final Pattern CODENAME = Pattern.compile("[a-z]+");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,3}(\\.[0-9])?");

    /** Where a release stands: released (supported or archived), the current testing release, or named ahead. */
    public enum Status { RELEASED, TESTING, PLANNED }

    public DebianRelease {
        Objects.requireNonNull(status, "status");
        if (codename == null || !CODENAME.matcher(codename).matches()) {
            throw new IllegalArgumentException("bad Debian codename: " + codename);
        }
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("bad Debian release number: " + number);
        }
    }

    /** The major version: 12 for bookworm, 3 for woody (3.0). */
    public int major() {
        int dot = number.indexOf('.');
        return Integer.parseInt(dot < 0 ? number : number.substring(0, dot));
    }
}

package dev.bulwark.debian.release;

import dev.bulwark.debian.release.DebianRelease.Status;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The one table of Debian releases in Bulwark: codename ↔ number ↔ status. Everything that turns a codename into
 * a version (os-release, purls, provenance) or back (os-release VERSION_ID, OSV's "Debian:12") asks here.
 */
public final class DebianReleases {

    private static final List<DebianRelease> ALL = List.of(
            new DebianRelease("woody", "3.0", Status.RELEASED), new DebianRelease("sarge", "3.1", Status.RELEASED),
            new DebianRelease("etch", "4.0", Status.RELEASED), new DebianRelease("lenny", "5.0", Status.RELEASED),
            new DebianRelease("squeeze", "6.0", Status.RELEASED), new DebianRelease("wheezy", "7", Status.RELEASED),
            new DebianRelease("jessie", "8", Status.RELEASED), new DebianRelease("stretch", "9", Status.RELEASED),
            new DebianRelease("buster", "10", Status.RELEASED), new DebianRelease("bullseye", "11", Status.RELEASED),
            new DebianRelease("bookworm", "12", Status.RELEASED), new DebianRelease("trixie", "13", Status.RELEASED),
            new DebianRelease("forky", "14", Status.TESTING), new DebianRelease("duke", "15", Status.PLANNED));

    /** Names of the archive's suites that are not a numbered release's codename. */
    private static final Set<String> ALIASES = Set.of("sid", "unstable", "testing", "stable", "oldstable",
            "oldoldstable", "experimental");

    private DebianReleases() {
    }

    /** Every release, oldest first. */
    public static List<DebianRelease> all() {
        return ALL;
    }

    /** The release named {@code codename} ("bookworm"). */
    public static Optional<DebianRelease> byCodename(String codename) {
        return ALL.stream().filter(r -> r.codename().equals(codename)).findFirst();
    }

    /**
     * The release numbered {@code number}: {@code "12"}, a point release {@code "12.7"}, or {@code "9.9"};
     * releases 3.0 to 6.0 are found by their own numbers ("3.1" is sarge).
     */
    public static Optional<DebianRelease> byNumber(String number) {
        if (number == null || number.isBlank()) {
            return Optional.empty();
        }
        String n = number.strip();
        Optional<DebianRelease> exact = ALL.stream().filter(r -> r.number().equals(n)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        int dot = n.indexOf('.');
        String major = dot > 0 ? n.substring(0, dot) : null;
        return major == null ? Optional.empty() : ALL.stream().filter(r -> r.number().equals(major)).findFirst();
    }

    /** The codename of a release number ("12.7" → "bookworm"). */
    public static Optional<String> codename(String number) {
        return byNumber(number).map(DebianRelease::codename);
    }

    /** The number of a codename ("bookworm" → "12", "woody" → "3.0"). */
    public static Optional<String> number(String codename) {
        return byCodename(codename).map(DebianRelease::number);
    }

    /** The major version of a codename ("bookworm" → 12). */
    public static OptionalInt major(String codename) {
        return byCodename(codename).map(r -> OptionalInt.of(r.major())).orElse(OptionalInt.empty());
    }

    /** Whether {@code name} names a Debian suite: a release's codename, sid, or an alias such as stable. */
    public static boolean isSuiteName(String name) {
        return byCodename(name).isPresent() || ALIASES.contains(name);
    }
}

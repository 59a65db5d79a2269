package dev.bulwark.scan.advisory;

import java.util.Map;
import java.util.Optional;

/** Debian's release numbers and codenames, as os-release and OSV ecosystems ("Debian:12") name them. */
public final class Releases {

    private static final Map<String, String> CODENAMES = Map.ofEntries(
            Map.entry("3.0", "woody"), Map.entry("3.1", "sarge"), Map.entry("4.0", "etch"), Map.entry("5.0", "lenny"),
            Map.entry("6.0", "squeeze"), Map.entry("7", "wheezy"), Map.entry("8", "jessie"), Map.entry("9", "stretch"),
            Map.entry("10", "buster"), Map.entry("11", "bullseye"), Map.entry("12", "bookworm"),
            Map.entry("13", "trixie"), Map.entry("14", "forky"), Map.entry("15", "duke"));

    private Releases() {
    }

    /**
     * The codename of a release number: {@code "12"}, {@code "12.7"} (a point release) or {@code "9.9"} all work;
     * releases 3.0 to 6.0 keep their minor number.
     */
    public static Optional<String> codename(String number) {
        if (number == null || number.isBlank()) {
            return Optional.empty();
        }
        String n = number.strip();
        if (CODENAMES.containsKey(n)) {
            return Optional.of(CODENAMES.get(n));
        }
        int dot = n.indexOf('.');
        return dot > 0 ? Optional.ofNullable(CODENAMES.get(n.substring(0, dot))) : Optional.empty();
    }

    /** The major release number of a codename ("bookworm" → "12"), when known. */
    public static Optional<String> number(String codename) {
        return CODENAMES.entrySet().stream().filter(e -> e.getValue().equals(codename)).map(Map.Entry::getKey)
                .findFirst();
    }
}

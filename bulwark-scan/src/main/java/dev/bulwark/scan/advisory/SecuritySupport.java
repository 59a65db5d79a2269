package dev.bulwark.scan.advisory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Debian's lists of source packages whose security support is limited or has ended before the release's end of life
 * (the {@code debian-security-support} package: {@code security-support-limited}, {@code security-support-ended.debN}
 * and the combined {@code security-support.debN}). Names may be regular expressions ({@code golang.*}).
 */
public final class SecuritySupport {

    /** How far support reaches. */
    public enum Level { LIMITED, ENDED }

    /** One list entry; {@code lastVersion} and {@code date} only for ended support. */
    public record Entry(String pattern, Level level, String lastVersion, String date, String details) {
        public Entry {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(level, "level");
            details = details == null ? "" : details;
        }

        boolean matches(String source) {
            return pattern.equals(source) || (pattern.matches(".*[*+?\\[(].*") && Pattern.matches(pattern, source));
        }
    }

    private final List<Entry> entries;

    public SecuritySupport(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static SecuritySupport none() {
        return new SecuritySupport(List.of());
    }

    /**
     * Reads the lists for Debian release {@code number} ("12") from a directory as the package installs it
     * ({@code /usr/share/debian-security-support}): the combined file when present, else the limited and ended ones.
     */
    public static SecuritySupport load(Path dir, String number) throws IOException {
        Path combined = dir.resolve("security-support.deb" + number);
        if (Files.isRegularFile(combined)) {
            return new SecuritySupport(parseCombined(Files.readString(combined, StandardCharsets.UTF_8)));
        }
        List<Entry> all = new ArrayList<>();
        Path limited = dir.resolve("security-support-limited");
        if (Files.isRegularFile(limited)) {
            all.addAll(parseLimited(Files.readString(limited, StandardCharsets.UTF_8)));
        }
        Path ended = dir.resolve("security-support-ended.deb" + number);
        if (Files.isRegularFile(ended)) {
            all.addAll(parseEnded(Files.readString(ended, StandardCharsets.UTF_8)));
        }
        return new SecuritySupport(all);
    }

    /** {@code source [details…]} lines. */
    public static List<Entry> parseLimited(String text) {
        List<Entry> out = new ArrayList<>();
        for (String[] w : rows(text, 2)) {
            out.add(new Entry(w[0], Level.LIMITED, null, null, w.length > 1 ? w[1] : ""));
        }
        return out;
    }

    /** {@code source last-version date [details…]} lines. */
    public static List<Entry> parseEnded(String text) {
        List<Entry> out = new ArrayList<>();
        for (String[] w : rows(text, 4)) {
            out.add(new Entry(w[0], Level.ENDED, w.length > 1 ? w[1] : null, w.length > 2 ? w[2] : null,
                    w.length > 3 ? w[3] : ""));
        }
        return out;
    }

    /** {@code source limited [details…]} or {@code source non-supported last-version date [details…]} lines. */
    public static List<Entry> parseCombined(String text) {
        List<Entry> out = new ArrayList<>();
        for (String[] w : rows(text, 2)) {
            String[] rest = w.length > 1 ? w[1].split("\\s+", 2) : new String[] {""};
            if (rest[0].equals("limited")) {
                out.add(new Entry(w[0], Level.LIMITED, null, null, rest.length > 1 ? rest[1] : ""));
            } else {
                String[] ended = rest.length > 1 ? rest[1].split("\\s+", 3) : new String[0];
                out.add(new Entry(w[0], Level.ENDED, ended.length > 0 ? ended[0] : null, ended.length > 1 ? ended[1] : null,
                        ended.length > 2 ? ended[2] : ""));
            }
        }
        return out;
    }

    private static List<String[]> rows(String text, int columns) {
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l.split("\\s+", columns));
            }
        }
        return out;
    }

    /** The entry that applies to {@code source}, limited or ended (flagged whatever version is installed). */
    public Optional<Entry> find(String source) {
        return entries.stream().filter(e -> e.matches(source)).findFirst();
    }

    public List<Entry> entries() {
        return entries;
    }
}

package dev.bulwark.debian.archive;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.control.Deb822Reader;
import dev.bulwark.debian.control.Paragraph;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The verified text of a suite's InRelease: its identity, date and the SHA-256 of every index file it lists. */
public record Release(String suite, String codename, Instant date, Instant validUntil, List<String> architectures,
        List<String> components, boolean acquireByHash, Map<String, FileHash> files) {

    /** An index file's size and SHA-256, as the Release lists them. */
    public record FileHash(long size, String sha256) {
    }

    public Release {
        architectures = List.copyOf(architectures);
        components = List.copyOf(components);
        files = Map.copyOf(files);
    }

    public Optional<FileHash> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** Parses verified Release text; {@code source} names it in errors. */
    public static Release parse(String text, String source) throws ArchiveException {
        List<Paragraph> paragraphs;
        try {
            paragraphs = Deb822Reader.parseAll(text, source);
        } catch (ControlParseException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot read " + source + ": " + e.getMessage(), e);
        }
        if (paragraphs.isEmpty()) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot read " + source + ": it is empty");
        }
        Paragraph p = paragraphs.get(0);
        Map<String, FileHash> files = new TreeMap<>();
        String hashes = p.get("SHA256").orElse("");
        // A suite lists hundreds of files: the lines are cut by hand, a regex split per line was a tenth of a scan.
        for (int start = 0, end; start < hashes.length(); start = end + 1) {
            end = hashes.indexOf('\n', start);
            end = end < 0 ? hashes.length() : end;
            String[] words = words(hashes, start, end);
            if (words == null) {
                continue;
            }
            try {
                files.put(words[2], new FileHash(Long.parseLong(words[1]), words[0].toLowerCase(Locale.ROOT)));
            } catch (NumberFormatException e) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot read " + source + ": bad size in SHA256 line '"
                        + hashes.substring(start, end).trim() + "'", e);
            }
        }
        if (files.isEmpty()) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot read " + source + ": it lists no SHA256 hashes; "
                    + "Bulwark only trusts indexes the Release pins by SHA-256");
        }
        return new Release(p.get("Suite").orElse(""), p.get("Codename").orElse(""),
                date(p.get("Date").orElse(null), source), date(p.get("Valid-Until").orElse(null), source),
                words(p.get("Architectures").orElse("")), words(p.get("Components").orElse("")),
                "yes".equalsIgnoreCase(p.get("Acquire-By-Hash").orElse("no")), files);
    }

    /** The three whitespace-separated words of {@code text[start, end)}, or null when it has another number of words. */
    private static String[] words(String text, int start, int end) {
        String[] words = new String[3];
        int count = 0;
        for (int i = start; i < end; ) {
            while (i < end && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int from = i;
            while (i < end && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > from) {
                if (count == 3) {
                    return null;
                }
                words[count++] = text.substring(from, i);
            }
        }
        return count == 3 ? words : null;
    }

    private static List<String> words(String value) {
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    private static Instant date(String value, String source) throws ArchiveException {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim().replace("UTC", "+0000"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot read " + source + ": bad date '" + value + "'", e);
        }
    }
}

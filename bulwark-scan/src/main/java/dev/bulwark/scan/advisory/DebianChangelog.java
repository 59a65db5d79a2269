package dev.bulwark.scan.advisory;

import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Debian changelog ({@code changelog.Debian.gz}, newest entry first) down to an installed version and
 * collects the CVE ids its newer entries mention.
 *
 * <p>"Newer" is read by position, not by version comparison: the changes since the installed version are the entries
 * above the installed version's own entry. A backport {@code X~deb12u1} sorts below {@code X}, and a later changelog
 * often drops the backport's entry (openjdk does not carry its bookworm-security rebuilds forward); then the entry of
 * {@code X} stands in for it, since the backport is a rebuild of {@code X}. Only when neither entry is present are the
 * entries that sort above the installed version taken. Reading stops at the anchor entry or at the first entry below
 * the installed version, so a long history costs nothing.
 */
public final class DebianChangelog {

    /** How the installed version was located in the changelog. */
    public enum Anchor {
        /** The installed version's own entry. */
        INSTALLED_ENTRY,
        /** The entry of the version a backport was rebuilt from ({@code X} for {@code X~deb12u1}). */
        BACKPORT_BASE_ENTRY,
        /** Neither entry is present: entries sorting above the installed version. */
        VERSION_ORDER
    }

    /** One CVE mention: the lowest entry (by position) naming it and that entry's upload urgency. */
    public record Mention(DebianVersion version, String urgency) {
        public Mention {
            java.util.Objects.requireNonNull(version, "version");
            urgency = urgency == null ? "" : urgency;
        }
    }

    /** The entries above the installed version's entry and the CVEs they name, lowest naming entry for each. */
    public record Since(DebianVersion newest, List<DebianVersion> versions, Map<String, Mention> mentions, Anchor anchor) {
        public Since {
            versions = List.copyOf(versions);
            mentions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mentions));
            java.util.Objects.requireNonNull(anchor, "anchor");
        }

        /** Each CVE with the version of the entry naming it. */
        public Map<String, DebianVersion> cves() {
            Map<String, DebianVersion> out = new LinkedHashMap<>();
            mentions.forEach((cve, m) -> out.put(cve, m.version()));
            return out;
        }
    }

    private record Entry(DebianVersion version, String urgency, List<String> cves) {
    }

    private static final Pattern HEADER = Pattern.compile("^(\\S+) \\(([^()\\s]+)\\)\\s+[^;]*;(.*)$");
    private static final Pattern URGENCY = Pattern.compile("(?:^|[\\s,])urgency=([A-Za-z]+)");
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    /** A Debian security or backports rebuild suffix on the revision: {@code ~deb12u1}, {@code ~bpo12+1}. */
    private static final Pattern BACKPORT = Pattern.compile("^(.*)~(?:deb\\d+u\\d+|bpo\\d+\\+\\d+)$");

    private DebianChangelog() {
    }

    /** Reads {@code in} (the decompressed changelog) and returns what changed after {@code installed}. */
    public static Since since(Reader in, DebianVersion installed) throws IOException {
        DebianVersion base = backportBase(installed).orElse(null);
        List<Entry> entries = new ArrayList<>();
        Anchor anchor = Anchor.VERSION_ORDER;
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        Entry current = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                Matcher m = HEADER.matcher(line);
                DebianVersion v = m.matches() ? parse(m.group(2)) : null;
                if (v == null) {
                    continue;
                }
                if (v.compareTo(installed) == 0) {
                    anchor = Anchor.INSTALLED_ENTRY;
                    break;
                }
                if (base != null && v.compareTo(base) == 0) {
                    anchor = Anchor.BACKPORT_BASE_ENTRY;
                    break;
                }
                if (v.compareTo(installed) < 0) {
                    break;
                }
                current = new Entry(v, urgency(m.group(3)), new ArrayList<>());
                entries.add(current);
                continue;
            }
            if (current != null) {
                Matcher m = CVE.matcher(line);
                while (m.find()) {
                    current.cves().add(m.group());
                }
            }
        }
        return collect(entries, anchor);
    }

    private static Since collect(List<Entry> entries, Anchor anchor) {
        List<DebianVersion> versions = new ArrayList<>();
        Map<String, Mention> mentions = new LinkedHashMap<>();
        for (Entry e : entries) {
            versions.add(e.version());
            // Entries run newest first, so the last one to mention a CVE is the lowest fixing entry.
            e.cves().forEach(cve -> mentions.put(cve, new Mention(e.version(), e.urgency())));
        }
        return new Since(versions.isEmpty() ? null : versions.get(0), versions, mentions, anchor);
    }

    /** The version a backport was rebuilt from: {@code X} for {@code X~deb12u1} or {@code X~bpo12+1}. */
    public static Optional<DebianVersion> backportBase(DebianVersion v) {
        Matcher m = BACKPORT.matcher(v.revision().isEmpty() ? v.upstream() : v.revision());
        if (!m.matches() || m.group(1).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(v.revision().isEmpty() ? new DebianVersion(v.epoch(), m.group(1), "", v.epochWritten())
                : new DebianVersion(v.epoch(), v.upstream(), m.group(1), v.epochWritten()));
    }

    private static String urgency(String fields) {
        Matcher m = URGENCY.matcher(fields);
        return m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    private static DebianVersion parse(String text) {
        try {
            return DebianVersion.parse(text);
        } catch (VersionParseException e) {
            return null;
        }
    }
}

package dev.bulwark.check.advisory;

import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Debian changelog ({@code changelog.Debian.gz}, newest entry first) down to an installed version and
 * collects the CVE ids its newer entries mention. Reading stops at the first entry not newer than the installed
 * version, so a long history costs nothing.
 */
public final class DebianChangelog {

    /** The CVEs the entries newer than the installed version mention: each with the lowest version naming it. */
    public record Since(DebianVersion newest, List<DebianVersion> versions, Map<String, DebianVersion> cves) {
        public Since {
            versions = List.copyOf(versions);
            cves = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cves));
        }
    }

    private static final Pattern HEADER = Pattern.compile("^(\\S+) \\(([^()\\s]+)\\)\\s+[^;]*;.*$");
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");

    private DebianChangelog() {
    }

    /** Reads {@code in} (the decompressed changelog) and returns what changed after {@code installed}. */
    public static Since since(Reader in, DebianVersion installed) throws IOException {
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<DebianVersion> versions = new ArrayList<>();
        Map<String, DebianVersion> cves = new LinkedHashMap<>();
        DebianVersion current = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                Matcher m = HEADER.matcher(line);
                if (m.matches()) {
                    DebianVersion v = parse(m.group(2));
                    if (v == null) {
                        continue;
                    }
                    if (v.compareTo(installed) <= 0) {
                        break;
                    }
                    current = v;
                    versions.add(v);
                }
                continue;
            }
            if (current == null) {
                continue;
            }
            Matcher m = CVE.matcher(line);
            while (m.find()) {
                // Entries run newest first, so the last one to mention a CVE is the lowest fixing version.
                cves.put(m.group(), current);
            }
        }
        return new Since(versions.isEmpty() ? null : versions.get(0), versions, cves);
    }

    private static DebianVersion parse(String text) {
        try {
            return DebianVersion.parse(text);
        } catch (VersionParseException e) {
            return null;
        }
    }
}

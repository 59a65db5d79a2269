package dev.bulwark.scan.advisory;

import dev.bulwark.debian.release.DebianReleases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.scan.ScanException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import dev.bulwark.image.components.Ecosystem;
import dev.bulwark.scan.ecosystem.ComponentAdvisories;
import dev.bulwark.scan.ecosystem.ComponentAdvisory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * OSV records of the Debian ecosystem (DSA, DLA, DTSA, DEBIAN-CVE), from a directory of {@code .json} files or a zip
 * of them (as OSV publishes per ecosystem). Each affected package of ecosystem {@code Debian:N} becomes one advisory
 * per CVE the record names: resolved at its {@code fixed} event, open when there is none. Records that name no CVE
 * are kept under their own id. Records of the Maven, PyPI and npm ecosystems become {@link ComponentAdvisory}s for
 * the image's language components, matched by those ecosystems' own version rules.
 */
public final class OsvSource implements AdvisorySource {

    public static final String ORIGIN = "osv";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path location;

    public OsvSource(Path location) {
        this.location = location;
    }

    @Override
    public String name() {
        return ORIGIN + ":" + location;
    }

    @Override
    public void advisories(AdvisoryQuery query, Consumer<Advisory> sink) throws ScanException {
        advisories(query, sink, n -> { }, new ComponentAdvisories());
    }

    @Override
    public void advisories(AdvisoryQuery query, Consumer<Advisory> sink, Consumer<NoEvidence> silent,
                           ComponentAdvisories components) throws ScanException {
        try {
            if (Files.isDirectory(location)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(location)) {
                    files = s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
                }
                for (Path f : files) {
                    try (InputStream in = Files.newInputStream(f)) {
                        read(MAPPER.readTree(in), f.toString(), query, sink, components);
                    }
                }
            } else {
                try (ZipInputStream zip = new ZipInputStream(Inputs.open(location))) {
                    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                        if (!e.isDirectory() && e.getName().endsWith(".json")) {
                            read(MAPPER.readTree(zip.readAllBytes()), location + "!" + e.getName(), query, sink,
                                    components);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read OSV records from " + location + ": " + e.getMessage(), e);
        }
    }

    /** Reads one OSV record; {@code where} names it in errors. */
    public static void read(JsonNode record, String where, AdvisoryQuery query, Consumer<Advisory> sink)
            throws ScanException {
        read(record, where, query, sink, new ComponentAdvisories());
    }

    /** Reads one OSV record, handing language-ecosystem entries to {@code components}. */
    public static void read(JsonNode record, String where, AdvisoryQuery query, Consumer<Advisory> sink,
                            ComponentAdvisories components) throws ScanException {
        String id = record.path("id").asText("");
        Set<String> cves = cves(record, id);
        String details = record.path("summary").asText(record.path("details").asText(""));
        for (JsonNode affected : record.path("affected")) {
            JsonNode pkg = affected.path("package");
            String ecosystem = pkg.path("ecosystem").asText("");
            Ecosystem language = Ecosystem.fromOsv(ecosystem).orElse(null);
            if (language != null) {
                components.add(componentAdvisory(record, affected, language, cves));
                continue;
            }
            if (!ecosystem.startsWith("Debian:")) {
                continue;
            }
            String release = DebianReleases.codename(ecosystem.substring("Debian:".length())).orElse(null);
            String source = pkg.path("name").asText("");
            if (release == null || source.isEmpty() || !query.wants(source, release)) {
                continue;
            }
            DebianVersion fixed = fixedVersion(affected, where);
            String urgency = affected.path("ecosystem_specific").path("urgency").asText("");
            for (String cve : cves) {
                sink.accept(new Advisory(source, release, cve, fixed == null ? AdvisoryStatus.OPEN : AdvisoryStatus.RESOLVED,
                        fixed, urgency, "", "", Map.of(), ORIGIN + ":" + id, details));
            }
        }
    }

    private static ComponentAdvisory componentAdvisory(JsonNode record, JsonNode affected, Ecosystem ecosystem,
                                                       Set<String> cves) {
        List<List<ComponentAdvisory.Event>> ranges = new ArrayList<>();
        for (JsonNode range : affected.path("ranges")) {
            String type = range.path("type").asText("");
            if (!type.equals("ECOSYSTEM") && !type.equals("SEMVER")) {
                continue; // GIT ranges name commits, not versions
            }
            List<ComponentAdvisory.Event> events = new ArrayList<>();
            for (JsonNode event : range.path("events")) {
                event.fields().forEachRemaining(f -> events.add(new ComponentAdvisory.Event(f.getKey(), f.getValue().asText())));
            }
            ranges.add(events);
        }
        List<String> versions = new ArrayList<>();
        affected.path("versions").forEach(v -> versions.add(v.asText()));
        String id = record.path("id").asText("");
        String severity = affected.path("database_specific").path("severity")
                .asText(record.path("database_specific").path("severity").asText(""));
        return new ComponentAdvisory(ecosystem, ecosystem.normalize(affected.path("package").path("name").asText("")),
                cves.iterator().next(), id, severity(severity), ranges, versions,
                record.path("summary").asText(record.path("details").asText("")));
    }

    /** GitHub's words ({@code MODERATE} for medium) on the shared scale. */
    private static Severity severity(String word) {
        return word.equalsIgnoreCase("moderate") ? Severity.MEDIUM : Severity.fromUrgency(word);
    }

    private static Set<String> cves(JsonNode record, String id) {
        Set<String> out = new LinkedHashSet<>();
        if (id.startsWith("CVE-")) {
            out.add(id);
        } else if (id.startsWith("DEBIAN-CVE-")) {
            out.add(id.substring("DEBIAN-".length()));
        }
        for (String field : List.of("aliases", "upstream", "related")) {
            for (JsonNode n : record.path(field)) {
                if (n.asText("").startsWith("CVE-")) {
                    out.add(n.asText());
                }
            }
        }
        if (out.isEmpty()) {
            out.add(id);
        }
        return out;
    }

    private static DebianVersion fixedVersion(JsonNode affected, String where) throws ScanException {
        List<String> fixed = new ArrayList<>();
        for (JsonNode range : affected.path("ranges")) {
            if (!range.path("type").asText("").equals("ECOSYSTEM")) {
                continue;
            }
            for (JsonNode event : range.path("events")) {
                if (event.has("fixed")) {
                    fixed.add(event.get("fixed").asText());
                }
            }
        }
        if (fixed.isEmpty()) {
            return null;
        }
        try {
            return DebianVersion.parse(fixed.get(fixed.size() - 1));
        } catch (VersionParseException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read OSV record " + where + ": " + e.getMessage(), e);
        }
    }
}

package dev.bulwark.scan.advisory;

import dev.bulwark.debian.release.DebianReleases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.scan.ScanException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
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
 * are kept under their own id.
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
        try {
            if (Files.isDirectory(location)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(location)) {
                    files = s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
                }
                for (Path f : files) {
                    try (InputStream in = Files.newInputStream(f)) {
                        read(MAPPER.readTree(in), f.toString(), query, sink);
                    }
                }
            } else {
                try (ZipInputStream zip = new ZipInputStream(Inputs.open(location))) {
                    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                        if (!e.isDirectory() && e.getName().endsWith(".json")) {
                            read(MAPPER.readTree(zip.readAllBytes()), location + "!" + e.getName(), query, sink);
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
        String id = record.path("id").asText("");
        Set<String> cves = cves(record, id);
        String details = record.path("summary").asText(record.path("details").asText(""));
        for (JsonNode affected : record.path("affected")) {
            JsonNode pkg = affected.path("package");
            String ecosystem = pkg.path("ecosystem").asText("");
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

package dev.bulwark.scan.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.scan.VulnData;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tracker JSON read through its source index gives what a full read gives, and any doubt sends it to a full read. */
class TrackerIndexTest {

    @TempDir
    Path tmp;

    private Path file;
    private Path indexDir;
    private AdvisoryQuery query;

    @BeforeEach
    void copy() throws Exception {
        query = new AdvisoryQuery("bookworm", List.of("bookworm", "bookworm-security"),
                Map.of("openssl", DebianVersion.parse("3.0.0-1"), "glibc", DebianVersion.parse("2.36-9"),
                        "curl", DebianVersion.parse("7.88.1-10"), "zlib", DebianVersion.parse("1:1.2.13.dfsg-1"),
                        "no-such-source", DebianVersion.parse("1.0-1")));
        file = tmp.resolve("tracker.json");
        Files.copy(VulnData.file("derived-tracker-shaped-base-subset.json"), file);
        indexDir = tmp.resolve("index");
    }

    private static List<String> read(AdvisorySource source, AdvisoryQuery q) throws Exception {
        List<String> out = new ArrayList<>();
        source.advisories(q, a -> out.add(a.source() + " " + a.cve() + " " + a.status() + " " + a.fixedVersion() + " "
                + a.repositories() + " " + a.urgency()));
        return out;
    }

    private List<Path> indexes() throws Exception {
        if (!Files.isDirectory(indexDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(indexDir)) {
            return s.toList();
        }
    }

    @Test
    void indexedRead_equalsFullRead_andIsWrittenByTheFirstRead() throws Exception {
        List<String> full = read(new TrackerJsonSource(file), query);
        assertThat(full).isNotEmpty().anyMatch(l -> l.startsWith("openssl ")).anyMatch(l -> l.startsWith("glibc "));

        assertThat(read(new TrackerJsonSource(file, indexDir), query)).isEqualTo(full);
        assertThat(indexes()).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).endsWith(".idx"));
        String index = Files.readString(indexes().get(0));
        assertThat(index).contains("\nopenssl\t").contains("\nzlib\t");

        assertThat(read(new TrackerJsonSource(file, indexDir), query)).isEqualTo(full);
        assertThat(Files.readString(indexes().get(0))).isEqualTo(index);
    }

    @Test
    void aChangedFile_isReadWhole_andItsIndexRewritten() throws Exception {
        read(new TrackerJsonSource(file, indexDir), query);
        String json = Files.readString(file);
        // a new first source moves every object: the old offsets no longer fit
        Files.writeString(file, "{\"aaa\": {\"CVE-2099-0001\": {\"releases\": {}}}," + json.substring(json.indexOf('{') + 1));
        List<String> full = read(new TrackerJsonSource(file), query);
        assertThat(read(new TrackerJsonSource(file, indexDir), query)).isEqualTo(full).isNotEmpty();
        assertThat(Files.readString(indexes().get(0))).contains("\naaa\t");
    }

    @Test
    void spansThatDoNotFit_fallBackToTheFullRead_evenWithTheSameSizeAndTime() throws Exception {
        read(new TrackerJsonSource(file, indexDir), query);
        FileTime time = Files.getLastModifiedTime(file);
        String json = Files.readString(file);
        // "curl" and "dpkg" swap names byte for byte: same size, same time, but the span of curl now names dpkg
        String swapped = json.replace("\"curl\":", "\"@@@@\":").replace("\"dpkg\":", "\"curl\":").replace("\"@@@@\":", "\"dpkg\":");
        assertThat(swapped).isNotEqualTo(json).hasSameSizeAs(json);
        Files.writeString(file, swapped);
        Files.setLastModifiedTime(file, time);
        List<String> full = read(new TrackerJsonSource(file), query);
        assertThat(read(new TrackerJsonSource(file, indexDir), query)).isEqualTo(full);
    }

    @Test
    void aRewriteKeepingSizeAndTime_isStillSeen_soASourceItAddsIsNotMissed() throws Exception {
        AdvisoryQuery zzzz = new AdvisoryQuery("bookworm", List.of("bookworm", "bookworm-security"),
                Map.of("zzzz", DebianVersion.parse("1.0-1")));
        assertThat(read(new TrackerJsonSource(file, indexDir), zzzz)).isEmpty();   // indexed: no such source
        FileTime time = Files.getLastModifiedTime(file);
        String json = Files.readString(file);
        // dpkg becomes zzzz byte for byte, written in place, and the time is put back: only the change time tells
        String renamed = json.replace("\"dpkg\":", "\"zzzz\":");
        assertThat(renamed).isNotEqualTo(json).hasSameSizeAs(json);
        Thread.sleep(10);
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.WRITE)) {
            out.write(renamed.getBytes(StandardCharsets.UTF_8));
        }
        Files.setLastModifiedTime(file, time);
        List<String> full = read(new TrackerJsonSource(file), zzzz);
        assertThat(full).isNotEmpty();
        assertThat(read(new TrackerJsonSource(file, indexDir), zzzz)).isEqualTo(full);
    }

    @Test
    void aCorruptIndex_isIgnoredAndRewritten() throws Exception {
        List<String> full = read(new TrackerJsonSource(file), query);
        read(new TrackerJsonSource(file, indexDir), query);
        Path index = indexes().get(0);
        List<String> lines = Files.readAllLines(index);
        Files.writeString(index, String.join("\n", lines.subList(0, 2)) + "\nopenssl\t1\t2\n");
        assertThat(read(new TrackerJsonSource(file, indexDir), query)).isEqualTo(full);
        assertThat(Files.readAllLines(index)).isEqualTo(lines);
        Files.write(index, new byte[] {0, 1, 2});
        assertThat(read(new TrackerJsonSource(file, indexDir), query)).isEqualTo(full);
    }

    @Test
    void aWholeReleaseQuery_orAGzippedFile_isReadWhole_withoutAnIndex() throws Exception {
        AdvisoryQuery whole = AdvisoryQuery.wholeRelease("bookworm");
        assertThat(read(new TrackerJsonSource(file, indexDir), whole)).hasSize(read(new TrackerJsonSource(file), whole).size());
        assertThat(indexes()).isEmpty();

        Path gz = tmp.resolve("tracker.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readString(file).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(read(new TrackerJsonSource(gz, indexDir), query)).isEqualTo(read(new TrackerJsonSource(file), query));
        assertThat(indexes()).isEmpty();
    }

    @Test
    void aFileThatCannotBeIndexed_isReadWholeEveryTime_andNeverLosesItsAdvisories() throws Exception {
        String json = Files.readString(file);
        // a source named twice (the second object wins in neither reader's favour: both keep every CVE they meet)
        Path twice = tmp.resolve("twice.json");
        Files.writeString(twice, json.substring(0, json.lastIndexOf('}')) + ", \"curl\": {}}");
        Path spaced = tmp.resolve("spaced.json");
        Files.writeString(spaced, "{\"a source\": {}, " + json.substring(json.indexOf('{') + 1));
        for (Path f : List.of(twice, spaced)) {
            List<String> full = read(new TrackerJsonSource(f), query);
            assertThat(full).isNotEmpty();
            for (int i = 0; i < 3; i++) {
                assertThat(read(new TrackerJsonSource(f, indexDir), query)).as(f + " run " + i).isEqualTo(full);
            }
        }
        assertThat(indexes()).isEmpty();
    }
}

package dev.bulwark.debian.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bulwark.debian.control.Deb822Reader;
import dev.bulwark.debian.control.Paragraph;
import dev.bulwark.debian.control.SourceRef;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks {@link DebianVersion#compareTo} against {@code dpkg --compare-versions} on thousands of version pairs taken
 * from the host's real Packages indexes ({@code /var/lib/apt/lists}). Compressed indexes are read through apt's own
 * {@code apt-helper cat-file}, which knows every compression apt uses. dpkg runs once per pair inside one shell
 * script, since starting it from Java thousands of times would be far slower.
 */
class DpkgCompareVersionsIT {

    private static final Path APT_LISTS = Path.of("/var/lib/apt/lists");
    private static final Path APT_HELPER = Path.of("/usr/lib/apt/apt-helper");
    private static final int MIN_PAIRS = 5_000;
    private static final int NEIGHBOUR_PAIRS = 2_500;
    private static final int RANDOM_PAIRS = 2_000;
    private static final int SAME_PACKAGE_PAIRS = 1_500;
    private static final int VARIANT_BASES = 400;
    private static final long SEED = 20_261_123L;

    /** Two versions, as the archive writes them. */
    record Pair(String a, String b) {
    }

    /** Every version seen, and the versions of each package name (binary and source). */
    record Corpus(Set<String> versions, Map<String, Set<String>> byPackage, List<String> rejected) {
    }

    @Test
    void compareTo_agreesWithDpkgOnRealArchiveVersions(@TempDir Path tmp) throws Exception {
        Path dpkg = requireTool("dpkg");
        List<Path> indexes = packagesIndexes();
        Corpus corpus = readCorpus(indexes);
        assertThat(corpus.rejected()).as("archive versions DebianVersion.parse rejects").isEmpty();

        List<Pair> pairs = choosePairs(corpus);
        assertThat(pairs).as("version pairs built from %s", indexes).hasSizeGreaterThanOrEqualTo(MIN_PAIRS);

        long start = System.nanoTime();
        List<String> verdicts = askDpkg(dpkg, pairs, tmp);
        System.out.printf("dpkg compared %d pairs from %d versions of %s in %d ms%n", pairs.size(),
                corpus.versions().size(), indexes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            String ours = verdict(DebianVersion.parse(p.a()).compareTo(DebianVersion.parse(p.b())));
            if (!ours.equals(verdicts.get(i))) {
                mismatches.add(p.a() + " vs " + p.b() + ": dpkg says " + verdicts.get(i) + ", we say " + ours);
            }
        }
        assertThat(mismatches).as("%d of %d pairs disagree with dpkg", mismatches.size(), pairs.size()).isEmpty();
    }

    /** The tool's path on PATH; a missing tool fails on CI and skips elsewhere. */
    private static Path requireTool(String name) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            missing("the tool '" + name + "' is not on PATH");
        }
        return found.orElseThrow();
    }

    /** Uncompressed Packages indexes, plus compressed ones when apt-helper can decompress them. */
    private static List<Path> packagesIndexes() throws IOException {
        boolean canDecompress = Files.isExecutable(APT_HELPER);
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(APT_LISTS)) {
            try (Stream<Path> files = Files.list(APT_LISTS)) {
                files.filter(f -> {
                    String n = f.getFileName().toString();
                    return n.endsWith("_Packages")
                            || (canDecompress && n.matches(".*_Packages\\.(lz4|gz|xz|zst|bz2|lzma)"));
                }).sorted().forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            missing("no Packages index: " + APT_LISTS + "/*_Packages does not exist"
                    + (canDecompress ? " (nor a compressed one)" : " and " + APT_HELPER + " is missing")
                    + "; run apt-get update");
        }
        return found;
    }

    private static void missing(String what) {
        if ("true".equals(System.getenv("CI"))) {
            fail("cannot compare versions with dpkg: " + what);
        }
        Assumptions.abort("skipping: " + what);
    }

    private static Corpus readCorpus(List<Path> indexes) throws Exception {
        Set<String> versions = new TreeSet<>();
        Map<String, Set<String>> byPackage = new TreeMap<>();
        List<String> rejected = new ArrayList<>();
        for (Path index : indexes) {
            Process helper = null;
            Reader text;
            if (index.getFileName().toString().endsWith("_Packages")) {
                text = Files.newBufferedReader(index, StandardCharsets.UTF_8);
            } else {
                helper = new ProcessBuilder(APT_HELPER.toString(), "cat-file", index.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                text = new InputStreamReader(helper.getInputStream(), StandardCharsets.UTF_8);
            }
            try (Deb822Reader reader = new Deb822Reader(text, index.toString())) {
                for (Paragraph p = reader.next(); p != null; p = reader.next()) {
                    collect(p, versions, byPackage, rejected);
                }
            }
            if (helper != null && helper.waitFor() != 0) {
                fail("cannot decompress " + index + ": apt-helper exited with " + helper.exitValue());
            }
        }
        return new Corpus(versions, byPackage, rejected);
    }

    private static void collect(Paragraph p, Set<String> versions, Map<String, Set<String>> byPackage,
            List<String> rejected) throws Exception {
        String version = p.require("Version");
        List<String> seen = new ArrayList<>(List.of(version));
        byPackage.computeIfAbsent(p.require("Package"), k -> new TreeSet<>()).add(version);
        Optional<String> source = p.get("Source");
        if (source.isPresent()) {
            SourceRef ref = SourceRef.parse(source.get(), p.source(), p.line());
            if (ref.version() != null) {
                seen.add(ref.version().toString());
                // A binNMU or a binary with its own version, against its source's version.
                byPackage.computeIfAbsent(p.require("Package"), k -> new TreeSet<>()).add(ref.version().toString());
            }
        }
        for (String v : seen) {
            try {
                DebianVersion.parse(v);
                versions.add(v);
            } catch (VersionParseException e) {
                rejected.add(p.source() + ":" + p.line() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Deterministic pairs: neighbours in text order (near-identical strings), seeded random pairs, versions of the
     * same package, and '~', '+b1', letter and epoch variants of real versions.
     */
    static List<Pair> choosePairs(Corpus corpus) {
        List<String> sorted = new ArrayList<>(corpus.versions());
        Set<Pair> pairs = new LinkedHashSet<>();
        int step = Math.max(1, sorted.size() / NEIGHBOUR_PAIRS);
        for (int i = 0; i + 1 < sorted.size(); i += step) {
            pairs.add(new Pair(sorted.get(i), sorted.get(i + 1)));
        }
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < RANDOM_PAIRS && sorted.size() > 1; i++) {
            pairs.add(new Pair(sorted.get(random.nextInt(sorted.size())), sorted.get(random.nextInt(sorted.size()))));
        }
        List<List<String>> multi = corpus.byPackage().values().stream()
                .filter(vs -> vs.size() > 1)
                .map(List::copyOf)
                .sorted(Comparator.comparing(vs -> vs.get(0)))
                .collect(Collectors.toList());
        int added = 0;
        for (List<String> vs : multi) {
            for (int i = 0; i + 1 < vs.size() && added < SAME_PACKAGE_PAIRS; i++, added++) {
                pairs.add(new Pair(vs.get(i + 1), vs.get(i)));
            }
        }
        for (int i = 0; i < VARIANT_BASES && !sorted.isEmpty(); i++) {
            String v = sorted.get(random.nextInt(sorted.size()));
            pairs.add(new Pair(v, v));
            pairs.add(new Pair(v + "~1", v));
            pairs.add(new Pair(v, v + "+b1"));
            pairs.add(new Pair(v + "a", v + "~"));
            pairs.add(new Pair(v.contains(":") ? v : "0:" + v, v));
        }
        return List.copyOf(pairs);
    }

    /** dpkg's verdict per pair ("lt", "eq", "gt", or what went wrong), from one shell run. */
    private static List<String> askDpkg(Path dpkg, List<Pair> pairs, Path tmp) throws Exception {
        Path input = tmp.resolve("pairs.txt");
        Files.write(input, pairs.stream().map(p -> p.a() + " " + p.b()).toList(), StandardCharsets.UTF_8);
        Path script = tmp.resolve("compare.sh");
        Files.writeString(script, """
                # For each line "a b" of $1 prints "<exit of lt> <exit of eq or ->" using dpkg at $2.
                while read -r a b; do
                  "$2" --compare-versions "$a" lt "$b"; lt=$?
                  if [ "$lt" -eq 1 ]; then "$2" --compare-versions "$a" eq "$b"; echo "1 $?"; else echo "$lt -"; fi
                done < "$1"
                """, StandardCharsets.UTF_8);
        Path out = tmp.resolve("verdicts.txt");
        Path err = tmp.resolve("stderr.txt");
        Process sh = new ProcessBuilder("sh", script.toString(), input.toString(), dpkg.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!sh.waitFor(5, TimeUnit.MINUTES)) {
            sh.destroyForcibly();
            fail("cannot compare versions with dpkg: the script did not finish in 5 minutes");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).as("dpkg output lines (stderr: %s)", Files.readString(err, StandardCharsets.UTF_8))
                .hasSameSizeAs(pairs);
        return lines.stream().map(DpkgCompareVersionsIT::dpkgVerdict).toList();
    }

    private static String dpkgVerdict(String exits) {
        return switch (exits) {
            case "0 -" -> "lt";
            case "1 0" -> "eq";
            case "1 1" -> "gt";
            default -> "error (exit codes " + exits + ")";
        };
    }

    private static String verdict(int comparison) {
        return comparison < 0 ? "lt" : comparison == 0 ? "eq" : "gt";
    }
}

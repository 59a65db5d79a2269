package dev.bulwark.scan.advisory;

import dev.bulwark.core.TempFiles;
import dev.bulwark.scan.ScanException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the changelog source derived for one query from one set of verified indexes, kept under
 * {@code <cache>/changelogs/derived/<key>.tsv}. The key covers every input: the SHA-256 of each suite's verified
 * InRelease (which pins every index), components, architecture, release, and the installed sources and binaries. A
 * warm scan then reads neither indexes nor changelogs; a moved archive (a new InRelease) is a new key.
 */
final class DerivedMemo {

    private static final String FORMAT = "changelog-derived-v1";

    private final Consumer<Advisory> sink;
    private final Consumer<NoEvidence> silent;
    private final List<String> lines = new ArrayList<>();

    DerivedMemo(Consumer<Advisory> sink, Consumer<NoEvidence> silent) {
        this.sink = sink;
        this.silent = silent;
    }

    static Path path(Path changelogCache, List<SuiteRelease> releases, List<String> components, String arch,
                     AdvisoryQuery query) {
        if (changelogCache == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(List.of(FORMAT, String.join(",", components), arch, query.release()));
        releases.forEach(r -> parts.add(r.suite() + "=" + r.inReleaseSha256()));
        new TreeMap<>(query.sources()).forEach((s, v) -> parts.add(s + "=" + v));
        query.binaries().stream().sorted().forEach(parts::add);
        return changelogCache.resolve("derived").resolve(dev.bulwark.core.Sha256.key(parts.toArray(String[]::new)) + ".tsv");
    }

    void advisory(Advisory a) {
        StringBuilder repos = new StringBuilder();
        new TreeMap<>(a.repositories()).forEach((k, v) -> repos.append(repos.isEmpty() ? "" : ",").append(k).append('=').append(v));
        lines.add(String.join("\t", "A", a.source(), a.release(), a.cve(), a.fixedVersion().toString(), clean(a.urgency()),
                repos.toString(), clean(a.description())));
        sink.accept(a);
    }

    void noEvidence(NoEvidence n) {
        lines.add(String.join("\t", "N", n.source(), n.installed(), n.candidate(), clean(n.reason())));
        silent.accept(n);
    }

    void save(Path memo) throws ScanException {
        if (memo == null) {
            return;
        }
        try {
            Files.createDirectories(memo.getParent());
            Path temp = TempFiles.createFile(memo.getParent(), "derived");
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, memo, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ScanException(Kind.ENVIRONMENT, "cannot keep changelog evidence in " + memo + ": " + e.getMessage(), e);
        }
    }

    /** Hands over what {@code memo} recorded and returns true; false (nothing handed over) when there is no usable memo. */
    static boolean replay(Path memo, Consumer<Advisory> sink, Consumer<NoEvidence> silent) {
        if (memo == null || !Files.isRegularFile(memo)) {
            return false;
        }
        List<Advisory> advisories = new ArrayList<>();
        List<NoEvidence> none = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(memo, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("A") && f.length == 8) {
                    Map<String, DebianVersion> repos = new TreeMap<>();
                    for (String kv : f[6].isEmpty() ? new String[0] : f[6].split(",")) {
                        int eq = kv.indexOf('=');
                        repos.put(kv.substring(0, eq), DebianVersion.parse(kv.substring(eq + 1)));
                    }
                    advisories.add(new Advisory(f[1], f[2], f[3], AdvisoryStatus.RESOLVED, DebianVersion.parse(f[4]), f[5],
                            "", "", repos, ChangelogSource.ORIGIN, f[7]));
                } else if (f[0].equals("N") && f.length == 5) {
                    none.add(new NoEvidence(f[1], f[2], f[3], ChangelogSource.ORIGIN, f[4]));
                } else {
                    return false;
                }
            }
        } catch (IOException | VersionParseException | RuntimeException e) {
            return false; // a damaged memo is derived again
        }
        advisories.forEach(sink);
        none.forEach(silent);
        return true;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}

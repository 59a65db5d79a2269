package dev.bulwark.scan.advisory;

import dev.bulwark.core.TempFiles;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The newest index entry of each installed package, as {@code outdated} compares an image with the archive, kept under
 * {@code <cache>/changelogs/derived/newest-<key>.tsv} so a warm run reads no Packages index (tens of thousands of
 * entries) to find the few hundred it needs. The key covers every input: the SHA-256 of each suite's verified
 * InRelease (which pins every index), components, architecture and the installed names; a new InRelease is a new key.
 * <p>
 * The last line is the SHA-256 of the lines above it; a memo that does not match (torn, truncated, edited by hand) is
 * derived again from the verified indexes. That digest catches damage, not an attacker: who can write the cache can
 * rewrite a memo and its digest alike, as they could the parsed indexes and the changelog memo. The cache is the
 * user's own directory, trusted like their home; everything fetched into it from outside (InRelease, indexes, .debs)
 * is still verified against signatures and SHA-256 before it is used or kept.
 */
final class IndexMemo {

    private static final String FORMAT = "index-newest-v1";
    private static final String DIGEST = "#sha256\t";

    private IndexMemo() {
    }

    static Path path(Path changelogCache, List<SuiteRelease> releases, List<String> components, String arch,
                     Collection<String> names) {
        if (changelogCache == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(List.of(FORMAT, String.join(",", components), arch));
        releases.forEach(r -> parts.add(r.suite() + "=" + r.inReleaseSha256()));
        names.stream().sorted().forEach(parts::add);
        return changelogCache.resolve("derived")
                .resolve("newest-" + dev.bulwark.core.Sha256.key(parts.toArray(String[]::new)) + ".tsv");
    }

    /** Keeps {@code packages} at {@code memo} (temp file, then rename); a failure only means deriving again next time. */
    static void write(Path memo, List<ArchivePackage> packages) {
        if (memo == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (ArchivePackage p : packages) {
            String[] fields = {p.name(), p.version().toString(), p.architecture(), p.source(), p.sourceVersion().toString(),
                    p.suite(), p.component(), p.filename(), Long.toString(p.size()), p.sha256(), p.depends(),
                    p.preDepends(), p.provides(), p.conflicts(), p.breaks(), Boolean.toString(p.essential()),
                    p.multiArch()};
            for (int i = 0; i < fields.length; i++) {
                text.append(i == 0 ? "" : "\t").append(clean(fields[i]));
            }
            text.append('\n');
        }
        String digest = dev.bulwark.core.Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8));
        text.append(DIGEST).append(digest).append('\n');
        try {
            Files.createDirectories(memo.getParent());
            Path temp = TempFiles.createFile(memo.getParent(), "newest");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                TempFiles.replace(temp, memo);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // only a speed-up: the next run reads the indexes again
        }
    }

    /** What {@code memo} kept, or null when there is none or it does not match its digest. */
    static List<ArchivePackage> read(Path memo) {
        if (memo == null || !Files.isRegularFile(memo)) {
            return null;
        }
        try {
            String text = Files.readString(memo, StandardCharsets.UTF_8);
            int last = text.lastIndexOf(DIGEST);
            if (last < 0 || (last > 0 && text.charAt(last - 1) != '\n')
                    || !text.substring(last + DIGEST.length()).strip().equals(dev.bulwark.core.Sha256.hex(
                            text.substring(0, last).getBytes(StandardCharsets.UTF_8)))) {
                return null;
            }
            List<ArchivePackage> out = new ArrayList<>();
            for (String line : text.substring(0, last).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 17) {
                    return null;
                }
                out.add(new ArchivePackage(f[0], DebianVersion.parse(f[1]), f[2], f[3], DebianVersion.parse(f[4]), f[5],
                        f[6], f[7], Long.parseLong(f[8]), f[9], f[10], f[11], f[12], f[13], f[14],
                        Boolean.parseBoolean(f[15]), f[16]));
            }
            return out;
        } catch (IOException | VersionParseException | RuntimeException e) {
            return null;
        }
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}

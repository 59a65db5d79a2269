package dev.bulwark.debian.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bulwark.core.Hex;

/**
 * Real Debian packages from the host's apt cache read the same as {@code dpkg-deb --fsys-tarfile X | tar -tv} lists
 * them: names, types, modes, owners, sizes and link targets; file contents match the package's md5sums. Reads a
 * sample spread over the cache ({@code -Dbulwark.debs=N}, default 6); downloads {@code hostname} when the cache is
 * empty.
 */
class DebFileIT {
    private static final Pattern TAR_LINE =
            Pattern.compile("^(.)(.{9})\\s+(\\d+)/(\\d+)\\s+(\\d+)\\s+\\S+\\s+\\S+\\s(.*)$");

    @TempDir
    static Path downloads;

    @BeforeAll
    static void needsDpkgDeb() {
        for (String tool : List.of("dpkg-deb", "tar")) {
            boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(p -> Files.isExecutable(Path.of(p, tool)));
            if (!present && "true".equals(System.getenv("CI"))) {
                throw new AssertionError(tool + " is required on CI (install the dpkg and tar packages)");
            }
            Assumptions.assumeTrue(present, tool + " not found on PATH; skipping DebFileIT");
        }
    }

    static List<Path> debs() throws Exception {
        List<Path> cached = list(Path.of("/var/cache/apt/archives"));
        if (cached.isEmpty()) {
            Process p = new ProcessBuilder("apt-get", "download", "hostname").directory(downloads.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok && "true".equals(System.getenv("CI"))) {
                throw new AssertionError("apt-get download hostname failed:\n" + out);
            }
            Assumptions.assumeTrue(ok, "no .deb in the apt cache and apt-get download failed; skipping DebFileIT");
            cached = list(downloads);
        }
        int want = Integer.getInteger("bulwark.debs", 6);
        List<Path> sample = new ArrayList<>();
        for (int i = 0; i < Math.min(want, cached.size()); i++) {
            sample.add(cached.get((int) ((long) i * cached.size() / Math.min(want, cached.size()))));
        }
        return sample;
    }

    @ParameterizedTest
    @MethodSource("debs")
    void readData_listsWhatDpkgDebExtracts(Path deb) throws Exception {
        List<String> ours = new ArrayList<>();
        Map<String, String> contentMd5 = new HashMap<>();
        String label = deb.getFileName().toString();
        try (DebFile file = DebFile.open(deb, label)) {
            assertThat(file.controlText()).isEqualTo(run("dpkg-deb", "--info", deb.toString(), "control"));
            file.readData((e, in) -> {
                ours.add(line(e));
                if (e.type() == DataEntry.Type.FILE) {
                    contentMd5.put(e.path().substring(1), md5(in));
                } else if (e.type() == DataEntry.Type.HARDLINK) {
                    contentMd5.put(e.path().substring(1), contentMd5.get(e.linkTarget().substring(1)));
                }
            });
            file.md5sums().forEach((path, md5) -> assertThat(contentMd5.get(path)).as(label + " " + path)
                    .isEqualTo(md5));
        }
        assertThat(String.join("\n", ours)).as(label).isEqualTo(String.join("\n", dpkgDebListing(deb)));
    }

    /** Our entry in the shape of a {@code tar -tv --numeric-owner} line: "d0755 0/0 0 ./usr/". */
    private static String line(DataEntry e) {
        char type = switch (e.type()) {
            case FILE -> '-';
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case HARDLINK -> 'h';
        };
        String name = e.path().equals("/") ? "./" : "." + e.path() + (e.type() == DataEntry.Type.DIRECTORY ? "/" : "");
        String link = switch (e.type()) {
            case SYMLINK -> " -> " + e.linkTarget();
            case HARDLINK -> " link to ." + e.linkTarget();
            default -> "";
        };
        return String.format("%c%04o %d/%d %d %s%s", type, e.mode(), e.uid(), e.gid(), e.size(), name, link);
    }

    private static List<String> dpkgDebListing(Path deb) throws Exception {
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder("dpkg-deb", "--fsys-tarfile", deb.toString()),
                new ProcessBuilder("tar", "--quoting-style=literal", "--numeric-owner", "-tvf", "-")));
        Process tar = pipeline.get(1);
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (Process p : pipeline) {
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("dpkg-deb --fsys-tarfile %s | tar -tv", deb).isZero();
        }
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            Matcher m = TAR_LINE.matcher(l);
            assertThat(m.matches()).as("tar -tv line: %s", l).isTrue();
            boolean hardlink = m.group(1).equals("h") || m.group(6).contains(" link to ");
            char type = hardlink ? 'h' : m.group(1).charAt(0);
            lines.add(String.format("%c%04o %s/%s %s %s", type, mode(m.group(2)), m.group(3), m.group(4),
                    hardlink ? "0" : m.group(5), m.group(6)));
        }
        return lines;
    }

    /** "rwsr-xr-x" → 04755; s/S, t/T carry setuid, setgid and sticky. */
    private static int mode(String perms) {
        int mode = 0;
        for (int i = 0; i < 9; i++) {
            char c = perms.charAt(i);
            boolean special = c == 's' || c == 'S' || c == 't' || c == 'T';
            if (c != '-' && c != 'S' && c != 'T') {
                mode |= 1 << (8 - i);
            }
            if (special) {
                mode |= i == 2 ? 04000 : i == 5 ? 02000 : 01000;
            }
        }
        return mode;
    }

    private static String md5(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return Hex.encode(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".deb")).sorted().toList();
        }
    }
}

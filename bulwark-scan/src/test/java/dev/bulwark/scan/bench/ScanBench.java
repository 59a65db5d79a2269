package dev.bulwark.scan.bench;

import dev.bulwark.scan.advisory.Advisory;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryQuery;
import dev.bulwark.scan.advisory.SecuritySupport;
import dev.bulwark.scan.advisory.TrackerJsonSource;
import dev.bulwark.scan.match.Matcher;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.debian.control.Paragraph;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.InstalledPackages;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.ContentSource;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.ImageWrite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Benchmark harness for bench/scan.sh (test scope, run with the CLI jar on the class path).
 * <ul>
 * <li>{@code image DIR}: writes a python3-like image as an OCI layout: the host's installed files of python3 and its
 * dependency closure in one gzip layer, distroless status.d entries and os-release in another.</li>
 * <li>{@code match DB IMAGES PACKAGES}: matches IMAGES synthetic images of PACKAGES packages each against the whole
 * tracker-shaped DB and prints the times.</li>
 * </ul>
 */
public final class ScanBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "image" -> image(Path.of(args[1]));
            case "match" -> match(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("usage: image DIR | match DB IMAGES PACKAGES");
        }
    }

    static void image(Path dir) throws Exception {
        List<InstalledPackage> host = InstalledPackages.parseStatus(Files.readString(Path.of("/var/lib/dpkg/status")),
                "/var/lib/dpkg/status");
        Map<String, InstalledPackage> byName = new TreeMap<>();
        host.forEach(p -> byName.putIfAbsent(p.name(), p));
        Set<String> closure = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of("python3", "ca-certificates", "tzdata"));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            InstalledPackage p = byName.get(n);
            if (p == null || !closure.add(n)) {
                continue;
            }
            for (String field : List.of("Depends", "Pre-Depends")) {
                for (String alt : p.control().get(field).orElse("").split("[,|]")) {
                    String name = alt.strip().split("[\\s:(]")[0];
                    if (!name.isEmpty()) {
                        todo.add(name);
                    }
                }
            }
        }
        Map<String, TarEntry> files = new LinkedHashMap<>();
        List<TarEntry> meta = new ArrayList<>();
        meta.add(TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0));
        for (String n : closure) {
            InstalledPackage p = byName.get(n);
            meta.add(TarEntry.file("/var/lib/dpkg/status.d/" + n, 0644, p.control().text().getBytes(StandardCharsets.UTF_8)));
            Path list = Path.of("/var/lib/dpkg/info/" + n + ".list");
            if (!Files.exists(list)) {
                list = Path.of("/var/lib/dpkg/info/" + n + ":" + p.architecture() + ".list");
            }
            if (Files.exists(list)) {
                for (String f : Files.readAllLines(list)) {
                    addHostFile(files, f);
                }
            }
        }
        Path os = Path.of("/etc/os-release").toRealPath();
        meta.add(TarEntry.file("/etc/os-release", 0644, Files.readAllBytes(os)));
        LayerWriter writer = new LayerWriter(dir.resolveSibling(dir.getFileName() + ".tmp"), 1_700_000_000L, Compression.GZIP);
        var rootfs = writer.write(files.values());
        var dpkg = writer.write(withParents(meta));
        var image = Images.assemble(ImageConfig.forPlatform(Platform.parse("linux/amd64")), List.of(rootfs, dpkg), Map.of());
        new LayoutSink(dir, "latest").write(ImageWrite.of(image));
        System.out.println("wrote oci:" + dir + ":latest with " + closure.size() + " packages, " + files.size()
                + " entries, " + rootfs.descriptor().size() + " bytes compressed");
    }

    private static void addHostFile(Map<String, TarEntry> files, String f) throws Exception {
        Path p = Path.of(f);
        if (f.equals("/.") || files.containsKey(f) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(p)) {
            files.put(f, TarEntry.symlink(f, Files.readSymbolicLink(p).toString()));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            files.put(f, TarEntry.dir(f, 0755, 0, 0));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.isReadable(p)) {
            files.put(f, TarEntry.file(f, 0644, 0, 0, Files.size(p), ContentSource.ofFile(p)));
        }
    }

    private static List<TarEntry> withParents(List<TarEntry> entries) {
        Map<String, TarEntry> out = new LinkedHashMap<>();
        for (TarEntry e : entries) {
            String path = e.path();
            for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
                out.putIfAbsent(path.substring(0, i), TarEntry.dir(path.substring(0, i), 0755, 0, 0));
            }
            out.put(path, e);
        }
        return new ArrayList<>(out.values());
    }

    static void match(Path dbFile, int images, int packages) throws Exception {
        long t0 = System.nanoTime();
        AdvisoryDb db = new AdvisoryDb();
        for (String release : List.of("bookworm", "trixie")) {
            new TrackerJsonSource(dbFile).advisories(AdvisoryQuery.wholeRelease(release), db::add);
        }
        long t1 = System.nanoTime();
        List<Advisory> bookworm = db.all("bookworm");
        List<String> sources = bookworm.stream().map(Advisory::source).distinct().sorted().toList();
        Random random = new Random(42);
        List<ScanTarget> targets = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            List<InstalledPackage> pkgs = new ArrayList<>();
            for (int j = 0; j < packages; j++) {
                String source = sources.get(random.nextInt(sources.size()));
                List<Advisory> of = List.copyOf(db.find(source, "bookworm"));
                Advisory a = of.get(random.nextInt(of.size()));
                DebianVersion v = random.nextBoolean() ? a.repositories().get("bookworm") : DebianVersion.parse("0.1-1");
                Paragraph control = new Paragraph(List.of(new Paragraph.Field("Package", source + "-bin" + j)), 0);
                pkgs.add(new InstalledPackage(source + "-bin" + j, v, "amd64", source, v, "", control));
            }
            targets.add(new ScanTarget("synthetic-" + i, null, OsRelease.parse("ID=debian"), "bookworm",
                    ScanTarget.defaultSuites("bookworm"), pkgs));
        }
        long t2 = System.nanoTime();
        Matcher matcher = new Matcher(db, SecuritySupport.none());
        long findings = 0;
        for (ScanTarget t : targets) {
            findings += matcher.scan(t, false).findings().size();
        }
        long t3 = System.nanoTime();
        System.out.printf("advisory DB: %d advisories (%d bookworm) loaded in %.3f s%n", db.size(), bookworm.size(),
                (t1 - t0) / 1e9);
        System.out.printf("matched %d images x %d packages in %.3f s (%d findings); with DB load %.3f s%n", images,
                packages, (t3 - t2) / 1e9, findings, (t3 - t2 + t1 - t0) / 1e9);
    }

    private ScanBench() {
    }
}

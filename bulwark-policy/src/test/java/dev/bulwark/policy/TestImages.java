package dev.bulwark.policy;

import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixture images assembled directly with the oci module: a distroless-like base (accounts, os-release, a dpkg
 * database with copyright files, /tmp 1777, running as nonroot) that each test changes in one way.
 */
public final class TestImages {
    public static final long EPOCH = 1_764_547_200L; // 2025-12-01

    private final List<TarEntry> entries = new ArrayList<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private String user = "65532:65532";
    private List<String> env = new ArrayList<>(List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"));
    private Map<String, String> labels = new LinkedHashMap<>();
    private List<String> entrypoint = List.of("/usr/bin/app");
    private List<String> history = new ArrayList<>();
    private Instant created = Instant.ofEpochSecond(EPOCH);

    private TestImages() {
    }

    /** The clean base every fixture starts from: it passes every built-in rule at its default level. */
    public static TestImages base() {
        TestImages t = new TestImages();
        for (String d : List.of("/etc", "/usr", "/usr/bin", "/usr/lib", "/usr/share", "/usr/share/doc",
                "/usr/share/doc/libc6", "/usr/share/doc/app", "/var", "/var/lib", "/var/lib/dpkg", "/var/lib/dpkg/status.d",
                "/home", "/root")) {
            t.entries.add(TarEntry.dir(d, 0755, 0, 0));
        }
        t.entries.add(TarEntry.dir("/home/nonroot", 0700, 65532, 65532));
        t.entries.add(TarEntry.dir("/tmp", 01777, 0, 0));
        t.text("/etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"
                + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n", 0644);
        t.text("/etc/group", "root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n", 0644);
        t.text("/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\n"
                + "VERSION_CODENAME=trixie\n", 0644);
        t.entries.add(TarEntry.symlink("/etc/os-release", "../usr/lib/os-release"));
        t.pkg("libc6", "2.41-12", "LGPL-2.1+");
        t.pkg("app", "1.0-1", "MIT");
        t.text("/usr/bin/app", "#!/usr/bin/app\nprint('hello')\n", 0755);
        t.annotations.put("org.opencontainers.image.created", "2025-12-01T00:00:00Z");
        t.annotations.put("org.opencontainers.image.title", "fixture");
        return t;
    }

    public TestImages text(String path, String content, int mode) {
        entries.removeIf(e -> e.path().equals(path));
        entries.add(TarEntry.file(path, mode, content.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    public TestImages file(String path, int mode, int uid, int gid, byte[] content) {
        entries.removeIf(e -> e.path().equals(path));
        entries.add(TarEntry.file(path, mode, uid, gid, content.length,
                () -> new java.io.ByteArrayInputStream(content)));
        return this;
    }

    public TestImages dir(String path, int mode) {
        entries.add(TarEntry.dir(path, mode, 0, 0));
        return this;
    }

    public TestImages symlink(String path, String target) {
        entries.add(TarEntry.symlink(path, target));
        return this;
    }

    /** Installs a package: its status.d stanza and a DEP-5 copyright file naming {@code license}. */
    public TestImages pkg(String name, String version, String license) {
        text("/var/lib/dpkg/status.d/" + name, "Package: " + name + "\nStatus: install ok installed\nVersion: " + version
                + "\nArchitecture: amd64\nMaintainer: Debian <debian@lists.debian.org>\nDescription: " + name + "\n", 0644);
        if (entries.stream().noneMatch(e -> e.path().equals("/usr/share/doc/" + name))) {
            entries.add(TarEntry.dir("/usr/share/doc/" + name, 0755, 0, 0));
        }
        text("/usr/share/doc/" + name + "/copyright", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
                + "Files: *\nCopyright: 2025 Someone\nLicense: " + license + "\n", 0644);
        return this;
    }

    public TestImages user(String u) {
        this.user = u;
        return this;
    }

    public TestImages env(String kv) {
        env.add(kv);
        return this;
    }

    public TestImages label(String k, String v) {
        labels.put(k, v);
        return this;
    }

    public TestImages history(String createdBy) {
        history.add(createdBy);
        return this;
    }

    public TestImages annotation(String k, String v) {
        if (v == null) {
            annotations.remove(k);
        } else {
            annotations.put(k, v);
        }
        return this;
    }

    public TestImages created(Instant c) {
        this.created = c;
        return this;
    }

    public TestImages entrypoint(List<String> e) {
        this.entrypoint = e;
        return this;
    }

    public Image build(Path tmp) throws Exception {
        LayerWriter writer = new LayerWriter(tmp, EPOCH, Compression.GZIP);
        List<ImageConfig.History> h = history.stream().map(s -> new ImageConfig.History(created, s, null, true)).toList();
        ImageConfig config = new ImageConfig("amd64", "linux", null, created, user, env, entrypoint, null, "/", labels,
                h, List.of());
        return Images.assemble(config, List.of(writer.write(entries)), annotations);
    }

    public static Platform amd64() throws Exception {
        return Platform.parse("linux/amd64");
    }
}

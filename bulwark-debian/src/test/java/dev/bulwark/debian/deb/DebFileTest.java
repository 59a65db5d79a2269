package dev.bulwark.debian.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.bulwark.core.Hex;
import dev.bulwark.debian.DebianException;
import dev.bulwark.testkit.Compression;
import dev.bulwark.testkit.FakeDeb;

class DebFileTest {
    @TempDir
    Path dir;

    static FakeDeb hello(Compression c) {
        return FakeDeb.builder("hello", "1:2.10-3", "amd64")
                .field("Depends", "libc6 (>= 2.36)")
                .field("Description", "says hello\nlong text")
                .file("/usr/bin/hello", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0755)
                .file("etc/hello.conf", "x=1\n".getBytes(StandardCharsets.UTF_8), 0644)
                .file("/usr/share/doc/hello/copyright", "GPL\n".getBytes(StandardCharsets.UTF_8), 0644, 0, 0)
                .dir("/var/lib/hello", 0750)
                .symlink("/usr/bin/hi", "hello")
                .hardlink("/usr/bin/hello2", "/usr/bin/hello")
                .conffiles("/etc/hello.conf")
                .compression(c)
                .build();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void open_readsControlMd5sumsAndConffiles(Compression c) throws Exception {
        FakeDeb fake = hello(c);
        try (DebFile deb = DebFile.open(write("hello.deb", fake.bytes()), "hello.deb")) {
            assertThat(deb.controlText()).isEqualTo(fake.controlStanza());
            assertThat(deb.control().get("Package")).contains("hello");
            assertThat(deb.control().get("Depends")).contains("libc6 (>= 2.36)");
            assertThat(deb.conffiles()).containsExactly("/etc/hello.conf");
            assertThat(deb.md5sums()).containsExactly(
                    Map.entry("etc/hello.conf", md5("x=1\n")),
                    Map.entry("usr/bin/hello", md5("#!/bin/sh\necho hi\n")),
                    Map.entry("usr/share/doc/hello/copyright", md5("GPL\n")));
            assertThat(deb.dataCompression()).isEqualTo(Map.of(Compression.NONE, "none", Compression.GZIP, "gz",
                    Compression.XZ, "xz", Compression.ZSTD, "zst").get(c));
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void readData_streamsEntriesInArchiveOrder(Compression c) throws Exception {
        try (DebFile deb = DebFile.open(write("hello.deb", hello(c).bytes()), "hello.deb")) {
            Tree tree = Tree.of(deb);
            assertThat(tree.dump()).isEqualTo("""
                    /: dir 0755 0:0
                    /etc: dir 0755 0:0
                    /etc/hello.conf: file 0644 0:0 4
                    /usr: dir 0755 0:0
                    /usr/bin: dir 0755 0:0
                    /usr/bin/hello: file 0755 0:0 18
                    /usr/bin/hi: symlink 0777 0:0 -> hello
                    /usr/share: dir 0755 0:0
                    /usr/share/doc: dir 0755 0:0
                    /usr/share/doc/hello: dir 0755 0:0
                    /usr/share/doc/hello/copyright: file 0644 0:0 4
                    /var: dir 0755 0:0
                    /var/lib: dir 0755 0:0
                    /var/lib/hello: dir 0750 0:0
                    /usr/bin/hello2: hardlink 0644 0:0 => /usr/bin/hello
                    """);
            assertThat(tree.md5s).isEqualTo(deb.md5sums());
            assertThat(Tree.of(deb).dump()).as("a second pass").isEqualTo(tree.dump());
        }
    }

    @Test
    void readData_keepsOwnersNamesAndTimes() throws Exception {
        FakeDeb fake = FakeDeb.builder("owned", "1.0", "all")
                .file("/var/mail/x", new byte[] {1, 2, 3}, 0660, 0, 8).build();
        List<DataEntry> entries = entries(write("owned.deb", fake.bytes()));
        assertThat(entries).last().isEqualTo(new DataEntry("/var/mail/x", DataEntry.Type.FILE, 0660, 0, 8, "root",
                "", 3, FakeDeb.MTIME, null));
    }

    @Test
    void readData_preservesSetuidSetgidAndStickyModes() throws Exception {
        FakeDeb fake = FakeDeb.builder("modes", "1.0", "amd64")
                .file("/usr/bin/su", new byte[] {1}, 04755)
                .file("/usr/bin/wall", new byte[] {2}, 02755, 0, 5)
                .dir("/var/tmp", 01777)
                .file("/usr/bin/all", new byte[] {3}, 07755)
                .build();
        assertThat(Tree.of(write("modes.deb", fake.bytes())).dump()).contains(
                "/usr/bin/su: file 4755 0:0 1\n", "/usr/bin/wall: file 2755 0:5 1\n", "/var/tmp: dir 1777 0:0\n",
                "/usr/bin/all: file 7755 0:0 1\n");
    }

    @Test
    void readData_readsLongNamesFromUstarPrefixAndGnuRecords() throws Exception {
        String prefixed = "usr/share/" + "d".repeat(120) + "/" + "f".repeat(90) + ".txt";
        String gnu = "usr/" + "x".repeat(200) + ".txt";
        String target = "../" + "t".repeat(150);
        FakeDeb fake = FakeDeb.builder("long", "1.0", "all")
                .file(prefixed, new byte[] {1}, 0644)
                .file(gnu, new byte[] {2, 2}, 0644)
                .symlink("/usr/lnk", target)
                .hardlink("/usr/" + "h".repeat(120), gnu)
                .build();
        String dump = Tree.of(write("long.deb", fake.bytes())).dump();
        assertThat(dump).contains("/" + prefixed + ": file 0644 0:0 1\n", "/" + gnu + ": file 0644 0:0 2\n",
                "/usr/lnk: symlink 0777 0:0 -> " + target + "\n",
                "/usr/" + "h".repeat(120) + ": hardlink 0644 0:0 => /" + gnu + "\n");
    }

    @Test
    void readData_appliesPaxHeadersAndIgnoresGlobalOnes() throws Exception {
        String longPath = "./opt/" + "p".repeat(150) + "/file";
        String longLink = "/" + "l".repeat(180);
        byte[] tar = new TarBytes().dir("./").dir("./opt/").dir("./opt/" + "p".repeat(150) + "/")
                .pax('g', Map.of("comment", "global", "path", "ignored"))
                .pax('x', Map.of("path", longPath, "size", "3", "uid", "70000", "gid", "70001",
                        "uname", "über", "gname", "staff", "mtime", "1700000000.25", "atime", "1"))
                .entry("short-name", '0', 0640, 0, 0, new byte[] {7, 8, 9}, "")
                .pax('x', Map.of("linkpath", longLink))
                .entry("./opt/link", '2', 0777, 0, 0, null, "short")
                .end();
        List<DataEntry> entries = entries(write("pax.deb", DebBytes.withDataTar(tar)));
        assertThat(entries).hasSize(5);
        assertThat(entries.get(3)).isEqualTo(new DataEntry("/opt/" + "p".repeat(150) + "/file", DataEntry.Type.FILE,
                0640, 70000, 70001, "über", "staff", 3, 1_700_000_000L, null));
        assertThat(entries.get(4).linkTarget()).isEqualTo(longLink);
    }

    @Test
    void readData_readsBase256Numbers() throws Exception {
        byte[] bigUid = {(byte) 0x80, 0, 0, 0, 0, 0x01, 0, 0};
        byte[] tar = new TarBytes().dir("./").file("./x", "abc").patchLastHeaderField(108, bigUid).end();
        assertThat(entries(write("b256.deb", DebBytes.withDataTar(tar))).get(1).uid()).isEqualTo(65536);
    }

    @Test
    void readData_skipsContentTheVisitorLeavesUnread() throws Exception {
        FakeDeb fake = FakeDeb.builder("skip", "1.0", "all")
                .file("/a", "a".repeat(70_000).getBytes(StandardCharsets.UTF_8), 0644)
                .file("/b", "bb".getBytes(StandardCharsets.UTF_8), 0644).build();
        List<String> seen = new ArrayList<>();
        try (DebFile deb = DebFile.open(write("skip.deb", fake.bytes()), "skip.deb")) {
            deb.readData((e, in) -> {
                if (e.path().equals("/a")) {
                    in.read(new byte[10]);
                } else if (e.path().equals("/b")) {
                    seen.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            });
        }
        assertThat(seen).containsExactly("bb");
    }

    @Test
    void readData_passesTheVisitorsOwnFailuresThrough() throws Exception {
        IOException diskFull = new IOException("disk full");
        try (DebFile deb = DebFile.open(write("hello.deb", hello(Compression.XZ).bytes()), "hello.deb")) {
            assertThatThrownBy(() -> deb.readData((e, in) -> {
                throw diskFull;
            })).isSameAs(diskFull);
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static List<DataEntry> entries(Path deb) throws IOException, DebianException {
        List<DataEntry> entries = new ArrayList<>();
        try (DebFile d = DebFile.open(deb, deb.getFileName().toString())) {
            d.readData((e, in) -> entries.add(e));
        }
        return entries;
    }

    static String md5(String text) {
        return md5(text.getBytes(StandardCharsets.UTF_8));
    }

    static String md5(byte[] bytes) {
        try {
            return Hex.encode(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tree dump of a package's data ("/usr/bin/x: file 0755 0:0 18") and the MD5 of each file's content. */
    record Tree(StringBuilder lines, Map<String, String> md5s) {
        static Tree of(Path deb) throws IOException, DebianException {
            try (DebFile d = DebFile.open(deb, deb.getFileName().toString())) {
                return of(d);
            }
        }

        static Tree of(DebFile deb) throws IOException, DebianException {
            Tree tree = new Tree(new StringBuilder(), new java.util.LinkedHashMap<>());
            deb.readData(tree::add);
            return tree;
        }

        private void add(DataEntry e, InputStream content) throws IOException {
            lines.append(e.path()).append(": ").append(switch (e.type()) {
                case FILE -> "file";
                case DIRECTORY -> "dir";
                case SYMLINK -> "symlink";
                case HARDLINK -> "hardlink";
            }).append(String.format(" %04o %d:%d", e.mode(), e.uid(), e.gid()));
            switch (e.type()) {
                case FILE -> lines.append(' ').append(e.size());
                case SYMLINK -> lines.append(" -> ").append(e.linkTarget());
                case HARDLINK -> lines.append(" => ").append(e.linkTarget());
                default -> { }
            }
            lines.append('\n');
            byte[] bytes = content.readAllBytes();
            assertThat((long) bytes.length).isEqualTo(e.size());
            if (e.type() == DataEntry.Type.FILE) {
                md5s.put(e.path().substring(1), md5(bytes));
            }
        }

        String dump() {
            return lines.toString();
        }
    }
}

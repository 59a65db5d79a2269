package dev.bulwark.oci;

import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small images built in code, the same bytes every run. */
public final class Fixtures {
    public static final long EPOCH = 1_700_000_000L;

    private Fixtures() {
    }

    /** A tiny root filesystem: dirs, a setuid binary, a sticky /tmp, a symlink and a hard link. */
    public static List<TarEntry> smallTree(String marker) {
        return List.of(
                TarEntry.file("/usr/bin/hello", 04755, 0, 0, 6, dev.bulwark.oci.layer.ContentSource.ofBytes(bytes("hello\n"))),
                TarEntry.dir("/usr", 0755, 0, 0),
                TarEntry.dir("/usr/bin", 0755, 0, 0),
                TarEntry.dir("/tmp", 01777, 0, 0),
                TarEntry.dir("/etc", 0755, 0, 0),
                TarEntry.file("/etc/motd", 0644, bytes("bulwark " + marker + "\n")),
                TarEntry.symlink("/usr/bin/hi", "hello"),
                TarEntry.hardlink("/usr/bin/hello2", "/usr/bin/hello", 04755, 0, 0),
                TarEntry.dir("/home", 0755, 0, 0),
                TarEntry.dir("/home/nonroot", 0700, 65532, 65532));
    }

    public static Image smallImage(Path tmp, Platform platform, Compression compression) throws OciException {
        LayerWriter writer = new LayerWriter(tmp, EPOCH, compression);
        Layer base = writer.write(smallTree(platform.toString()));
        Layer app = writer.write(List.of(TarEntry.dir("/app", 0755, 65532, 65532),
                TarEntry.file("/app/run", 0755, bytes("#!/nothing\n"))));
        ImageConfig config = new ImageConfig(platform.architecture(), platform.os(), platform.variant(),
                Instant.ofEpochSecond(EPOCH), "65532", List.of("PATH=/usr/bin", "LANG=C.UTF-8"),
                List.of("/usr/bin/hello"), null, "/app", Map.of("org.example.b", "2", "org.example.a", "1"),
                List.of(new ImageConfig.History(Instant.ofEpochSecond(EPOCH), "bulwark", "base", false),
                        new ImageConfig.History(Instant.ofEpochSecond(EPOCH), "bulwark", "app", false)),
                List.of());
        return Images.assemble(config, List.of(base, app), Map.of("org.opencontainers.image.title", "small"));
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

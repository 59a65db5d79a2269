package dev.bulwark.attest.testing;

import dev.bulwark.oci.Platform;
import dev.bulwark.oci.PlatformParseException;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small images with a distroless dpkg database, copyright files and os-release, built in code. */
public final class TestImages {
    public static final long EPOCH = 1_747_699_200L;

    private TestImages() {
    }

    /** Three packages: libc6, zlib1g (Depends: libc6) and a tool depending on a virtual package zlib1g provides. */
    public static Image debianImage(Path tmp, String platform) throws OciException, PlatformParseException {
        return debianImage(tmp, platform, List.of());
    }

    /** As {@link #debianImage(Path, String)}, with a second layer of {@code added} entries when there are any. */
    public static Image debianImage(Path tmp, String platform, List<TarEntry> added)
            throws OciException, PlatformParseException {
        String arch = Platform.parse(platform).architecture();
        List<TarEntry> e = new ArrayList<>();
        for (String d : List.of("/etc", "/usr", "/usr/lib", "/usr/share", "/usr/share/doc", "/usr/share/doc/libc6",
                "/usr/share/doc/zlib1g", "/usr/share/doc/tool", "/var", "/var/lib", "/var/lib/dpkg",
                "/var/lib/dpkg/status.d")) {
            e.add(TarEntry.dir(d, 0755, 0, 0));
        }
        e.add(file("/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\n"));
        e.add(TarEntry.symlink("/etc/os-release", "../usr/lib/os-release"));
        e.add(file("/var/lib/dpkg/status.d/libc6", stanza("libc6", "2.41-12", arch, "Source: glibc\n", "")));
        e.add(file("/var/lib/dpkg/status.d/zlib1g", stanza("zlib1g", "1:1.3.dfsg+really1.3.1-1+b1", arch,
                "Source: zlib (1:1.3.dfsg+really1.3.1-1)\nProvides: libz1\n", "Depends: libc6 (>= 2.14)\n")));
        e.add(file("/var/lib/dpkg/status.d/tool", stanza("tool", "1.0-1", "all", "",
                "Depends: libz1 | zlib-ng, missing-pkg\n")));
        e.add(file("/usr/share/doc/libc6/copyright", """
                Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

                Files: *
                License: LGPL-2.1+

                Files: debian/*
                License: GPL-2+
                """));
        e.add(file("/usr/share/doc/zlib1g/copyright", """
                Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

                Files: *
                License: Zlib
                """));
        e.add(file("/usr/share/doc/tool/copyright", "Free-form.\nSee /usr/share/common-licenses/Apache-2.0.\n"));
        LayerWriter writer = new LayerWriter(tmp, EPOCH, Compression.GZIP);
        List<dev.bulwark.oci.image.Layer> layers = new ArrayList<>(List.of(writer.write(e)));
        if (!added.isEmpty()) {
            layers.add(writer.write(added));
        }
        return Images.assemble(ImageConfig.forPlatform(Platform.parse(platform)), layers, Map.of());
    }

    private static String stanza(String name, String version, String arch, String extra, String depends) {
        return "Package: " + name + "\nStatus: install ok installed\nVersion: " + version + "\nArchitecture: " + arch
                + "\nMaintainer: Debian Team <team@lists.debian.org>\n" + extra + depends
                + "Description: " + name + "\n";
    }

    private static TarEntry file(String path, String text) {
        return TarEntry.file(path, 0644, text.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.bulwark.builder.customize;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.InstalledPackages;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageFiles;
import dev.bulwark.oci.layer.TarReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one platform of a base image holds, read once from its layers: the installed packages (its dpkg database),
 * every path with its type and the package that owns it (from the {@code .md5sums} lists), its accounts, and its
 * os-release. This is the truth a customization is checked against — whatever lock the base was made from.
 */
record BaseContents(Map<String, InstalledPackage> packages, Map<String, ImageFiles.Entry> paths,
        Map<String, String> owners, String passwd, String group, OsRelease osRelease) {

    private static final String PASSWD = "/etc/passwd";
    private static final String GROUP = "/etc/group";

    BaseContents {
        packages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(packages));
        paths = Map.copyOf(paths);
        owners = Map.copyOf(owners);
    }

    static BaseContents read(Image image, String what) throws BulwarkException {
        ImageFiles.Tree tree = ImageFiles.tree(image, p -> InstalledPackages.isDatabaseFile(p) || p.endsWith(".md5sums")
                && p.startsWith(InstalledPackages.STATUS_D) || p.equals(PASSWD) || p.equals(GROUP)
                || p.equals("/etc/os-release") || p.equals("/usr/lib/os-release"));
        Map<String, String> database = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        tree.files().forEach((path, bytes) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (InstalledPackages.isDatabaseFile(path)) {
                database.put(path, text);
            } else if (path.endsWith(".md5sums")) {
                String pkg = path.substring(InstalledPackages.STATUS_D.length(), path.length() - ".md5sums".length());
                for (String line : text.split("\n")) {
                    int space = line.indexOf("  ");
                    if (space > 0) {
                        owners.putIfAbsent("/" + line.substring(space + 2), pkg);
                    }
                }
            }
        });
        List<InstalledPackage> installed;
        try {
            installed = InstalledPackages.parse(database);
        } catch (ControlParseException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot read the dpkg database of " + what + ": " + e.getMessage(), e);
        }
        Map<String, InstalledPackage> packages = new LinkedHashMap<>();
        installed.forEach(p -> packages.putIfAbsent(p.name(), p));
        packages.values().forEach(p -> {
            for (String meta : List.of(p.name(), p.name() + ".md5sums")) {
                owners.putIfAbsent(InstalledPackages.STATUS_D + meta, p.name());
            }
        });
        Map<String, ImageFiles.Entry> paths = new HashMap<>();
        tree.entries().forEach(e -> paths.put(e.path(), e));
        byte[] os = tree.files().getOrDefault("/etc/os-release", tree.files().get("/usr/lib/os-release"));
        return new BaseContents(packages, paths, owners, text(tree, PASSWD), text(tree, GROUP),
                os == null ? null : OsRelease.parse(new String(os, StandardCharsets.UTF_8)));
    }

    /** Who put {@code path} there: "package NAME", or "the base image itself" for generated files. */
    String ownerOf(String path) {
        String pkg = owners.get(path);
        return pkg == null ? "the base image itself (generated, owned by no package)" : "package " + pkg;
    }

    /** Whether the base has {@code path} as anything but a directory. */
    boolean hasNonDirectory(String path) {
        ImageFiles.Entry e = paths.get(path);
        return e != null && e.type() != TarReader.EntryType.DIR;
    }

    private static String text(ImageFiles.Tree tree, String path) {
        byte[] bytes = tree.files().get(path);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}

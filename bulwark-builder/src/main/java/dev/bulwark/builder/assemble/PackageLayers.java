package dev.bulwark.builder.assemble;

import dev.bulwark.builder.assemble.SpooledPackage.Node;
import dev.bulwark.oci.layer.ContentSource;
import dev.bulwark.oci.layer.TarEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tar entries of one package's layer: its kept files exactly as the {@code .deb} says (modes, owners, links),
 * plus its distroless-style metadata {@code /var/lib/dpkg/status.d/<pkg>} and {@code <pkg>.md5sums}, plus any parent
 * directory the package does not ship itself. The entries depend on the package, the strip rules and nothing else,
 * so every image with that package (and those rules) gets the same layer, byte for byte.
 */
final class PackageLayers {

    static final String STATUS_DIR = "/var/lib/dpkg/status.d";

    private PackageLayers() {
    }

    static List<TarEntry> entries(SpooledPackage pkg) {
        List<TarEntry> entries = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (Node n : pkg.nodes()) {
            entries.add(toTar(pkg, n));
            paths.add(n.path());
        }
        byte[] status = statusStanza(pkg).getBytes(StandardCharsets.UTF_8);
        entries.add(TarEntry.file(STATUS_DIR + "/" + pkg.name(), 0644, status));
        paths.add(STATUS_DIR + "/" + pkg.name());
        if (!pkg.md5sums().isEmpty()) {
            StringBuilder md5 = new StringBuilder();
            new TreeMap<>(pkg.md5sums()).forEach((path, sum) -> md5.append(sum).append("  ").append(path).append('\n'));
            entries.add(TarEntry.file(STATUS_DIR + "/" + pkg.name() + ".md5sums", 0644, md5.toString().getBytes(StandardCharsets.UTF_8)));
            paths.add(STATUS_DIR + "/" + pkg.name() + ".md5sums");
        }
        addParents(entries, paths);
        return entries;
    }

    /** The control stanza with {@code Status: install ok installed} after {@code Package:}, as dpkg's status has it. */
    static String statusStanza(SpooledPackage pkg) {
        StringBuilder out = new StringBuilder();
        boolean added = false;
        for (String line : pkg.controlText().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.regionMatches(true, 0, "Status:", 0, 7)) {
                continue;
            }
            out.append(line).append('\n');
            if (!added && line.regionMatches(true, 0, "Package:", 0, 8)) {
                out.append("Status: install ok installed\n");
                added = true;
            }
        }
        return out.toString();
    }

    /** Adds 0755 root-owned directories for every missing parent, so each layer is complete on its own. */
    static void addParents(List<TarEntry> entries, Set<String> paths) {
        addParents(entries, paths, Set.of());
    }

    /**
     * Adds 0755 root-owned directories for every missing parent, except those {@code elsewhere} (another layer of
     * the image) already holds: a generated directory entry would override that layer's owner, mode or symlink.
     */
    static void addParents(List<TarEntry> entries, Set<String> paths, Set<String> elsewhere) {
        Set<String> missing = new java.util.TreeSet<>();
        for (String path : paths) {
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                String parent = path.substring(0, slash);
                if (paths.contains(parent) || elsewhere.contains(parent) || !missing.add(parent)) {
                    break;
                }
            }
        }
        for (String dir : missing) {
            if (!paths.contains(dir)) {
                entries.add(TarEntry.dir(dir, 0755, 0, 0));
            }
        }
    }

    private static TarEntry toTar(SpooledPackage pkg, Node n) {
        return switch (n.kind()) {
            case FILE -> new TarEntry(n.path(), TarEntry.Type.FILE, n.mode(), n.uid(), n.gid(), null, null, n.size(), null,
                    n.size() == 0 ? null : (ContentSource) () -> pkg.open(n));
            case DIRECTORY -> new TarEntry(n.path(), TarEntry.Type.DIR, n.mode(), n.uid(), n.gid(), null, null, 0, null, null);
            case SYMLINK -> new TarEntry(n.path(), TarEntry.Type.SYMLINK, 0777, n.uid(), n.gid(), null, null, 0, n.linkTarget(), null);
            case HARDLINK -> new TarEntry(n.path(), TarEntry.Type.HARDLINK, n.mode(), n.uid(), n.gid(), null, null, 0, n.linkTarget(), null);
        };
    }

}

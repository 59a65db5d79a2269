package dev.bulwark.builder.assemble;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.assemble.SpooledPackage.Node;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.deb.DataEntry;
import dev.bulwark.debian.deb.DebException;
import dev.bulwark.debian.deb.DebFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a verified {@code .deb} once into a {@link SpooledPackage}: paths made canonical for merged /usr, the merged
 * top-level directories themselves dropped (they are symlinks in every image), stripped paths left out, md5sums
 * rewritten to match.
 */
final class PackageSpooler {
    private final StripRules strip;
    private final Path tempDir;

    PackageSpooler(StripRules strip, Path tempDir) {
        this.strip = strip;
        this.tempDir = tempDir;
    }

    SpooledPackage spool(Path deb, String label) throws BuildException {
        try (DebFile file = DebFile.open(deb, label)) {
            Path spool = dev.bulwark.core.TempFiles.createFile(tempDir, "spool");
            List<Node> nodes = new ArrayList<>();
            Map<String, Integer> byPath = new HashMap<>();
            Map<String, String> hardlinkTargets = new HashMap<>();
            long[] offset = {0};
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
                byte[] buffer = new byte[1 << 16];
                file.readData((entry, content) -> {
                    Node node = toNode(entry, offset[0]);
                    if (node == null) {
                        return;
                    }
                    if (node.kind() == Node.Kind.FILE) {
                        copy(content, out, buffer, entry.size(), label, entry.path());
                        offset[0] += entry.size();
                    }
                    if (node.kind() == Node.Kind.HARDLINK) {
                        hardlinkTargets.put(node.path(), node.linkTarget());
                    }
                    add(nodes, byPath, node, !node.path().equals(entry.path()));
                });
            }
            return new SpooledPackage(file.control().get("Package").orElse(label),
                    file.control().get("Version").orElse(""), file.control().get("Architecture").orElse(""),
                    file.control(), file.controlText(), md5sums(file.md5sums(), nodes),
                    keepHardlinkTargets(nodes, hardlinkTargets), spool);
        } catch (DebException e) {
            throw new BuildException(e.kind(), e.getMessage(), e);
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot read " + label + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds a node; when merged /usr makes two entries of one package land on the same path (Debian 12 packages that
     * ship /lib/x and /usr/lib/x), the directory is kept once and, for anything else, the entry that was under /usr
     * already wins — as usrmerge decides.
     */
    private static void add(List<Node> nodes, Map<String, Integer> byPath, Node node, boolean rewritten) {
        Integer at = byPath.get(node.path());
        if (at == null) {
            byPath.put(node.path(), nodes.size());
            nodes.add(node);
            return;
        }
        Node kept = nodes.get(at);
        if (kept.kind() == Node.Kind.DIRECTORY && node.kind() == Node.Kind.DIRECTORY || rewritten) {
            return;
        }
        nodes.set(at, node);
    }

    private Node toNode(DataEntry e, long offset) {
        if (e.path().equals("/")) {
            return null;
        }
        if (e.type() == DataEntry.Type.DIRECTORY && MergedUsr.topLevel(e.path()).isPresent()) {
            return null;
        }
        String path = MergedUsr.canonical(e.path());
        Node.Kind kind = switch (e.type()) {
            case FILE -> Node.Kind.FILE;
            case DIRECTORY -> Node.Kind.DIRECTORY;
            case SYMLINK -> Node.Kind.SYMLINK;
            case HARDLINK -> Node.Kind.HARDLINK;
        };
        boolean stripped = kind == Node.Kind.DIRECTORY ? strip.stripsDirectory(path) : strip.strips(path);
        if (stripped && kind != Node.Kind.FILE) {
            return null;
        }
        String target = switch (kind) {
            case HARDLINK -> MergedUsr.canonical(e.linkTarget());
            case SYMLINK -> path.equals(e.path()) ? e.linkTarget() : MergedUsr.relinked(e.path(), path, e.linkTarget());
            default -> null;
        };
        Node node = new Node(path, kind, e.mode(), e.uid(), e.gid(), e.size(), target, offset);
        // Stripped files are still spooled (the stream must be consumed) but marked by a negative offset.
        return stripped ? new Node(path, kind, e.mode(), e.uid(), e.gid(), e.size(), target, -1 - offset) : node;
    }

    /**
     * Drops stripped files, except those a kept hard link points to: a hard link needs its target in the same
     * layer.
     */
    private static List<Node> keepHardlinkTargets(List<Node> nodes, Map<String, String> hardlinkTargets) {
        Set<String> needed = new HashSet<>(hardlinkTargets.values());
        List<Node> kept = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            if (n.offset() < 0) {
                if (!needed.contains(n.path())) {
                    continue;
                }
                n = new Node(n.path(), n.kind(), n.mode(), n.uid(), n.gid(), n.size(), n.linkTarget(), -1 - n.offset());
            }
            kept.add(n);
        }
        return kept;
    }

    private static Map<String, String> md5sums(Map<String, String> original, List<Node> nodes) {
        Set<String> kept = new HashSet<>();
        for (Node n : nodes) {
            if (n.offset() >= 0 || n.kind() != Node.Kind.FILE) {
                kept.add(n.path());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        original.forEach((path, md5) -> {
            String canonical = MergedUsr.canonical("/" + path);
            if (kept.contains(canonical)) {
                out.put(canonical.substring(1), md5);
            }
        });
        return out;
    }

    private static void copy(InputStream in, OutputStream out, byte[] buffer, long size, String label, String path)
            throws IOException {
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("entry " + path + " of " + label + " ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}

package dev.bulwark.builder.assemble;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.assemble.SpooledPackage.Node;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that the packages of one image fit together as one filesystem: no path is a directory in one package and
 * something else in another; two packages may ship the same non-directory path only byte for byte identical; and no
 * entry lies below a symlink or a file — a symlinked directory would redirect it somewhere else (possibly out of
 * the rootfs). Problems are errors that name the packages and the path, never a silent overwrite.
 */
final class FileConflicts {

    private record Owner(SpooledPackage pkg, Node node) {
    }

    private FileConflicts() {
    }

    static void check(List<SpooledPackage> packages) throws BuildException {
        Map<String, Owner> tree = new HashMap<>();
        for (SpooledPackage pkg : packages) {
            for (Node node : pkg.nodes()) {
                Owner previous = tree.putIfAbsent(node.path(), new Owner(pkg, node));
                if (previous != null && previous.pkg() != pkg) {
                    checkPair(previous, new Owner(pkg, node));
                }
            }
        }
        for (Owner owner : tree.values()) {
            String path = owner.node().path();
            for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
                Owner ancestor = tree.get(path.substring(0, slash));
                if (ancestor != null && ancestor.node().kind() != Node.Kind.DIRECTORY) {
                    throw new BuildException(Kind.BAD_INPUT, "cannot assemble the image: " + owner.pkg().id() + " ships "
                            + path + " below " + ancestor.node().path() + ", which " + ancestor.pkg().id() + " ships as a "
                            + ancestor.node().kind().name().toLowerCase(java.util.Locale.ROOT)
                            + (ancestor.node().kind() == Node.Kind.SYMLINK ? " to " + ancestor.node().linkTarget()
                                    + " — a symlinked directory would redirect the entry" : "")
                            + "; exclude one of the packages");
                }
            }
        }
    }

    private static void checkPair(Owner a, Owner b) throws BuildException {
        Node x = a.node();
        Node y = b.node();
        if (x.kind() == Node.Kind.DIRECTORY && y.kind() == Node.Kind.DIRECTORY) {
            return;
        }
        if (x.kind() == Node.Kind.DIRECTORY && y.kind() == Node.Kind.SYMLINK
                || x.kind() == Node.Kind.SYMLINK && y.kind() == Node.Kind.DIRECTORY) {
            Owner dir = x.kind() == Node.Kind.DIRECTORY ? a : b;
            Owner link = dir == a ? b : a;
            throw new BuildException(Kind.BAD_INPUT, "cannot assemble the image: " + dir.pkg().id() + " ships " + x.path()
                    + " as a directory and " + link.pkg().id() + " ships it as a symlink to " + link.node().linkTarget()
                    + " — a symlinked directory would redirect the directory's entries; exclude one of the packages");
        }
        boolean same = x.kind() == y.kind() && x.mode() == y.mode() && x.uid() == y.uid() && x.gid() == y.gid()
                && java.util.Objects.equals(x.linkTarget(), y.linkTarget()) && x.size() == y.size()
                && (x.kind() != Node.Kind.FILE || sha256(a).equals(sha256(b)));
        if (!same) {
            throw new BuildException(Kind.BAD_INPUT, "cannot assemble the image: file conflict at " + x.path() + ": "
                    + a.pkg().id() + " ships a " + describe(x) + " and " + b.pkg().id() + " ships a " + describe(y)
                    + "; Bulwark never overwrites one package's file with another's — exclude one of them");
        }
    }

    private static String describe(Node n) {
        return n.kind().name().toLowerCase(java.util.Locale.ROOT) + " (mode " + Integer.toOctalString(n.mode())
                + (n.kind() == Node.Kind.FILE ? ", " + n.size() + " bytes" : "")
                + (n.linkTarget() != null ? ", to " + n.linkTarget() : "") + ")";
    }

    private static String sha256(Owner o) throws BuildException {
        try (InputStream in = o.pkg().open(o.node())) {
            return dev.bulwark.core.Sha256.hex(in);
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot compare " + o.node().path() + " of " + o.pkg().id() + ": " + e, e);
        }
    }
}

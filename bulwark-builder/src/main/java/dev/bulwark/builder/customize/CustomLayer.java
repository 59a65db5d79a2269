package dev.bulwark.builder.customize;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.assemble.AddedPackages;
import dev.bulwark.builder.assemble.MergedUsr;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.image.ImageFiles;
import dev.bulwark.oci.layer.ContentSource;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.layer.TarReader;
import dev.bulwark.spec.Accounts;
import dev.bulwark.spec.PathEntry;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The top layer of a customization: the spec's accounts added to the base's ({@code /etc/passwd}, {@code /etc/group}
 * and new home directories) and the spec's paths, checked against everything below — the base's files (named with the
 * package that owns them) and the added packages' files. Nothing the base has is replaced.
 */
final class CustomLayer {
    private final Spec spec;
    private final SpecLines lines;
    private final BaseContents base;
    private final AddedPackages.Result added;
    private final Map<String, TarEntry> out = new TreeMap<>();
    /** The entries of {@link #out} the spec's {@code paths} wrote, by canonical path. */
    private final Map<String, PathEntry> declared = new java.util.HashMap<>();

    CustomLayer(Spec spec, SpecLines lines, BaseContents base, AddedPackages.Result added) {
        this.spec = spec;
        this.lines = lines;
        this.base = base;
        this.added = added;
    }

    /** The entries of the layer; empty when the spec adds no accounts and no paths. */
    List<TarEntry> entries() throws BuildException {
        checkAddedPackages();
        if (lines.has("accounts")) {
            accounts();
        }
        for (PathEntry p : spec.paths()) {
            path(p);
        }
        if (DevVariant.of(spec) && !base.paths().containsKey("/usr/bin/sh") && !added.paths().containsKey("/usr/bin/sh")
                && !out.containsKey("/usr/bin/sh")) {
            out.put("/usr/bin/sh", TarEntry.symlink("/usr/bin/sh", "dash")); // what dash's postinst links
        }
        checkBelowNonDirectories();
        parents();
        return new ArrayList<>(out.values());
    }

    /** An added package may bring directories the base has, never a file, link or directory over another kind. */
    private void checkAddedPackages() throws BuildException {
        for (AddedPackages.Owned o : added.paths().values()) {
            ImageFiles.Entry had = base.paths().get(o.path());
            if (had == null || had.type() == TarReader.EntryType.DIR && o.kind().equals("directory")) {
                continue;
            }
            String pkg = o.owner().substring(0, o.owner().indexOf('='));
            throw new BuildException(Kind.BAD_INPUT, "cannot add package " + o.owner() + " (" + lines.item("packages",
                    pkg) + "): its " + o.kind() + " " + o.path() + " is already in the base as a "
                    + kind(had) + ", from " + base.ownerOf(o.path()) + "; a customization adds to its base and never "
                    + "replaces what it has");
        }
    }

    private void accounts() throws BuildException {
        Map<String, String[]> users = entries(base.passwd());
        Map<String, String[]> groups = entries(base.group());
        StringBuilder passwd = new StringBuilder(withNewline(base.passwd()));
        boolean changed = false;
        for (Accounts.User u : spec.accounts().users()) {
            String[] had = users.get(u.name());
            String clash = byId(users, 2, Integer.toString(u.uid()), u.name());
            if (had != null && !had[2].equals(Integer.toString(u.uid())) || clash != null) {
                throw new BuildException(Kind.BAD_INPUT, "cannot add user " + u.name() + " (uid " + u.uid() + ", "
                        + lines.item("accounts", u.name()) + "): the base has " + (clash != null ? "uid " + u.uid()
                        + " as user " + clash : "user " + u.name() + " with uid " + had[2]) + "; pick another "
                        + (clash != null ? "uid" : "name") + ", or use the base's account");
            }
            if (had != null && (lines.hasItem("accounts", u.name()) || !Accounts.DEFAULT_USERS.contains(u))) {
                sameAsBase(u, had);
            }
            if (had == null) {
                passwd.append(u.name()).append(":x:").append(u.uid()).append(':').append(u.gid()).append(':')
                        .append(u.name()).append(':').append(u.home()).append(':').append(u.shell()).append('\n');
                String home = MergedUsr.canonical(u.home());
                // A home an added package ships as a directory (/var/lib/postgresql, say) still becomes the user's,
                // 0700: no maintainer script runs to hand it over; one it ships as a file or link is left alone.
                AddedPackages.Owned shipped = added.paths().get(home);
                if (!home.equals("/nonexistent") && !home.equals("/") && !base.paths().containsKey(home)
                        && (shipped == null || shipped.kind().equals("directory"))) {
                    out.put(home, TarEntry.dir(home, 0700, u.uid(), u.gid()));
                }
                changed = true;
            }
        }
        StringBuilder group = new StringBuilder();
        Map<String, String> lineByName = new LinkedHashMap<>();
        for (String line : base.group().split("\n")) {
            if (!line.isBlank()) {
                lineByName.put(line.split(":", -1)[0], line);
            }
        }
        for (Accounts.Group g : spec.accounts().groups()) {
            String[] had = groups.get(g.name());
            String clash = byId(groups, 2, Integer.toString(g.gid()), g.name());
            if (had != null && !had[2].equals(Integer.toString(g.gid())) || clash != null) {
                throw new BuildException(Kind.BAD_INPUT, "cannot add group " + g.name() + " (gid " + g.gid() + ", "
                        + lines.item("accounts", g.name()) + "): the base has " + (clash != null ? "gid " + g.gid()
                        + " as group " + clash : "group " + g.name() + " with gid " + had[2]) + "; pick another "
                        + (clash != null ? "gid" : "name") + ", or use the base's group");
            }
            List<String> members = new ArrayList<>(had == null || had.length < 4 || had[3].isEmpty() ? List.of()
                    : List.of(had[3].split(",")));
            int before = members.size();
            g.members().stream().filter(m -> !members.contains(m)).forEach(members::add);
            if (had == null || members.size() != before) {
                lineByName.put(g.name(), g.name() + ":x:" + g.gid() + ":" + String.join(",", members));
                changed = true;
            }
        }
        lineByName.values().forEach(l -> group.append(l).append('\n'));
        if (changed) {
            out.put("/etc/passwd", TarEntry.file("/etc/passwd", 0644, passwd.toString().getBytes(StandardCharsets.UTF_8)));
            out.put("/etc/group", TarEntry.file("/etc/group", 0644, group.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * A base user the spec declares again must be the base's as it is: /etc/passwd keeps the base's line, so a new
     * gid, home or shell would be ignored there while the image config runs as the spec's uid:gid.
     */
    private void sameAsBase(Accounts.User u, String[] had) throws BuildException {
        String[] mine = {Integer.toString(u.gid()), u.home(), u.shell()};
        String[] base = {field(had, 3), field(had, 5), field(had, 6)};
        List<String> names = List.of("gid", "home", "shell");
        for (int i = 0; i < mine.length; i++) {
            if (!mine[i].equals(base[i])) {
                throw new BuildException(Kind.BAD_INPUT, "cannot declare user " + u.name() + " again ("
                        + lines.item("accounts", u.name()) + "): the base has it with " + names.get(i) + " " + base[i]
                        + ", the spec with " + names.get(i) + " " + mine[i] + "; a customization never changes the "
                        + "base's accounts — write gid " + base[0] + ", home " + base[1] + " and shell " + base[2]
                        + ", or leave the user out");
            }
        }
    }

    private static String field(String[] line, int index) {
        return index < line.length ? line[index] : "";
    }

    private void path(PathEntry p) throws BuildException {
        String path = MergedUsr.canonical(p.path());
        String at = lines.item("paths", p.path());
        ImageFiles.Entry had = base.paths().get(path);
        boolean dir = p.type() == PathEntry.Type.DIRECTORY;
        if (had != null && !(dir && had.type() == TarReader.EntryType.DIR)) {
            throw new BuildException(Kind.BAD_INPUT, "cannot add " + path + " (" + at + "): the base already has it as a "
                    + kind(had) + ", from " + base.ownerOf(path) + "; choose a path the base does not have");
        }
        AddedPackages.Owned pkg = added.paths().get(path);
        if (pkg != null && !(dir && pkg.kind().equals("directory"))) {
            throw new BuildException(Kind.BAD_INPUT, "cannot add " + path + " (" + at + "): added package "
                    + pkg.owner() + " ships it as a " + pkg.kind() + "; choose another path");
        }
        declared.put(path, p);
        switch (p.type()) {
            case DIRECTORY -> out.put(path, TarEntry.dir(path, p.mode(), p.uid(), p.gid()));
            case SYMLINK -> out.put(path, new TarEntry(path, TarEntry.Type.SYMLINK, 0777, p.uid(), p.gid(), null, null,
                    0, p.target(), null));
            case FILE -> {
                byte[] content = p.content() != null ? p.content().getBytes(StandardCharsets.UTF_8) : read(p, at);
                out.put(path, TarEntry.file(path, p.mode(), p.uid(), p.gid(), content.length,
                        ContentSource.ofBytes(content)));
            }
        }
    }

    /**
     * Nothing this layer adds, and nothing an added package ships, may lie below a symlink, file or hard link — the
     * base's, an added package's or this layer's own: a symlinked directory would redirect the entry (onto the base's
     * /etc/passwd, say), a file would shadow it. Two added packages are {@code FileConflicts}'s to check.
     */
    private void checkBelowNonDirectories() throws BuildException {
        List<String> paths = new ArrayList<>(out.keySet());
        added.paths().keySet().stream().filter(p -> !out.containsKey(p)).forEach(paths::add);
        for (String path : paths) {
            for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String above = path.substring(0, slash);
                TarEntry mine = out.get(above);
                AddedPackages.Owned pkg = mine == null ? added.paths().get(above) : null;
                ImageFiles.Entry had = mine == null && pkg == null ? base.paths().get(above) : null;
                PathEntry entry = declared.get(above);
                String blocker = mine != null ? (mine.type() == TarEntry.Type.DIR ? null : kind(mine) + ", "
                        + (entry != null ? "declared at " + lines.item("paths", entry.path()) : "added by this customization"))
                        : pkg != null ? (pkg.kind().equals("directory") ? null : pkg.kind() + " in added package "
                                + pkg.owner())
                        : had != null && had.type() != TarReader.EntryType.DIR ? kind(had) + " in the base, from "
                                + base.ownerOf(above)
                        : null;
                if (blocker == null || pkg != null && !out.containsKey(path)) {
                    continue;
                }
                throw new BuildException(Kind.BAD_INPUT, "cannot add " + what(path) + ": " + above + " is a " + blocker
                        + " — an entry below it would be redirected or shadowed; " + (out.containsKey(path)
                        ? "use the path it points to" : "a customization adds to its base and never writes through "
                        + "its links"));
            }
        }
    }

    /** The entry that cannot be added, with the spec line it comes from. */
    private String what(String path) {
        PathEntry p = declared.get(path);
        if (p != null) {
            return path + " (" + lines.item("paths", p.path()) + ")";
        }
        if (out.containsKey(path)) {
            return "the generated " + path + " (" + lines.at(path.equals("/usr/bin/sh") ? "variant" : "accounts") + ")";
        }
        String owner = added.paths().get(path).owner();
        return "package " + owner + " (" + lines.item("packages", owner.substring(0, owner.indexOf('='))) + "): its "
                + path;
    }

    /** Directories above the spec's paths that nothing below has: root-owned, 0755. */
    private void parents() {
        for (String path : new ArrayList<>(out.keySet())) {
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                String parent = path.substring(0, slash);
                if (!out.containsKey(parent) && !base.paths().containsKey(parent)
                        && !added.paths().containsKey(parent)) {
                    out.put(parent, TarEntry.dir(parent, 0755, 0, 0));
                }
            }
        }
    }

    private static byte[] read(PathEntry p, String at) throws BuildException {
        try {
            return p.readSource();
        } catch (IOException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot read " + p.source() + " for path " + p.path() + " (" + at
                    + "): " + e.getMessage(), e);
        }
    }

    private static Map<String, String[]> entries(String text) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                String[] f = line.split(":", -1);
                out.putIfAbsent(f[0], f);
            }
        }
        return out;
    }

    /** The name of another entry with {@code id} in field {@code field}, or null. */
    private static String byId(Map<String, String[]> entries, int field, String id, String name) {
        for (String[] f : entries.values()) {
            if (f.length > field && f[field].equals(id) && !f[0].equals(name)) {
                return f[0];
            }
        }
        return null;
    }

    private static String withNewline(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    private static String kind(TarEntry e) {
        return switch (e.type()) {
            case DIR -> "directory";
            case SYMLINK -> "symlink to " + e.linkTarget();
            case HARDLINK -> "hard link";
            default -> "file";
        };
    }

    private static String kind(ImageFiles.Entry e) {
        return switch (e.type()) {
            case DIR -> "directory";
            case SYMLINK -> "symlink to " + e.linkTarget();
            case HARDLINK -> "hard link";
            default -> "file";
        };
    }
}

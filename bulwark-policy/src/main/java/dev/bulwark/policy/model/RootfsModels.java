package dev.bulwark.policy.model;

import dev.bulwark.attest.sbom.CopyrightLicenses;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.InstalledPackages;
import dev.bulwark.policy.PolicyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The {@link ImageModel} of a root directory (an unpacked image, or {@code /}): its tree without following links or
 * entering the kernel's pseudo file systems, and its dpkg database. There is no image config, so it is empty.
 */
public final class RootfsModels {
    private static final Set<String> PSEUDO = Set.of("/proc", "/sys", "/dev", "/run");
    private static final long MAX_READ = 16L << 20;

    private RootfsModels() {
    }

    public static ImageModel of(Path root) throws PolicyException {
        Path base = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            throw new PolicyException(Kind.BAD_INPUT, "cannot check " + root + ": not a directory");
        }
        List<FileFact> files = walk(base);
        FileContents contents = wanted -> read(base, files, wanted);
        Map<String, byte[]> db = contents.read(p -> InstalledPackages.isDatabaseFile(p)
                || p.matches("/usr/share/doc/[^/]+/copyright"));
        Map<String, String> text = new TreeMap<>();
        db.forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
        List<PackageFact> packages = new ArrayList<>();
        try {
            for (InstalledPackage p : InstalledPackages.parse(text)) {
                String copyright = text.get("/usr/share/doc/" + p.name() + "/copyright");
                packages.add(new PackageFact(p.name(), p.version().toString(), p.architecture(), p.source(),
                        p.sourceVersion().toString(), copyright == null ? List.of() : CopyrightLicenses.of(copyright)));
            }
        } catch (ControlParseException e) {
            throw new PolicyException(Kind.BAD_INPUT, "cannot read the dpkg database of " + root + ": " + e.getMessage(), e);
        }
        ConfigFact config = new ConfigFact(null, Map.of(), List.of(), List.of(), null, Map.of(), List.of(), List.of(),
                List.of(), null);
        return new ImageModel(base.toString(), null, "", config, files, packages, List.of(), Map.of(), null, contents);
    }

    private static List<FileFact> walk(Path base) throws PolicyException {
        List<FileFact> out = new ArrayList<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    String path = imagePath(base, dir);
                    if (PSEUDO.contains(path)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!path.equals("/")) {
                        out.add(fact(dir, path, "dir"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String type = attrs.isSymbolicLink() ? "symlink" : attrs.isRegularFile() ? "file" : "other";
                    out.add(fact(file, imagePath(base, file), type));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable corners of a live system are skipped, not fatal
                }
            });
        } catch (IOException e) {
            throw new PolicyException(Kind.BAD_INPUT, "cannot list " + base + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static FileFact fact(Path p, String path, String type) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        String target = type.equals("symlink") ? Files.readSymbolicLink(p).toString() : null;
        return new FileFact(path, type, (Integer) a.get("mode"), ((Integer) a.get("uid")).longValue(),
                ((Integer) a.get("gid")).longValue(), (Long) a.get("size"), target);
    }

    private static String imagePath(Path base, Path p) {
        String rel = base.relativize(p).toString();
        return rel.isEmpty() ? "/" : "/" + rel;
    }

    private static Map<String, byte[]> read(Path base, List<FileFact> files, Predicate<String> wanted)
            throws PolicyException {
        Map<String, byte[]> out = new TreeMap<>();
        for (FileFact f : files) {
            if (f.isFile() && f.size() <= MAX_READ && wanted.test(f.path())) {
                try {
                    out.put(f.path(), Files.readAllBytes(base.resolve(f.path().substring(1))));
                } catch (IOException e) {
                    // A file that vanished or is unreadable on a live system is left out.
                }
            }
        }
        return out;
    }
}

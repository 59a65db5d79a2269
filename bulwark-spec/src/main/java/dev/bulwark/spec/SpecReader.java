package dev.bulwark.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Walks the composed YAML of one spec, checking each field where it is written. One instance per parse. */
final class SpecReader {
    private final Path folder;
    private final Path file;
    private long directoryBytes;

    SpecReader(Path folder, Path file) {
        this.folder = folder;
        this.file = file;
    }

    Spec read(SpecNode root, SpecBytes source) throws SpecException {
        if (root.isNull()) {
            throw root.fail("the spec is empty");
        }
        Map<String, SpecNode> f = root.fields(SpecParser.FIELDS);
        String name = required(root, f, "name").text();
        f.get("name").require(Spec.nameProblem(name));
        String description = text(f, "description", d -> null);
        SpecNode distribution = present(f, "distribution");
        SpecNode base = present(f, "base");
        if (distribution != null && base != null) {
            throw base.fail("a spec names either a distribution (a base image) or a base (a customization), not both");
        }
        if (distribution == null && base == null) {
            throw root.fail("missing required field 'distribution' (or 'base', for a customization)");
        }
        String codename = text(f, "distribution", Spec::distributionProblem);
        String baseRef = base == null ? null : baseReference(base);
        List<String> archs = texts(f, "archs", Spec::archProblem);
        if (archs != null && archs.isEmpty()) {
            throw f.get("archs").fail("at least one architecture is needed (expected some of "
                    + String.join(", ", Spec.ARCHITECTURES) + ")");
        }
        List<PackageRequest> packages = packages(f.get("packages"));
        List<String> exclude = texts(f, "exclude", PackageRequest::nameProblem);
        List<String> include = texts(f, "include", PackageRequest::nameProblem);
        List<String> suites = texts(f, "suites", Spec::suiteProblem);
        if (base != null && present(f, "suites") != null) {
            throw f.get("suites").fail("a customization resolves its packages in the suites of its base's lock; "
                    + "drop 'suites' (or build a base image with them)");
        }
        List<String> components = texts(f, "components", Spec::componentProblem);
        List<String> keyrings = keyrings(f.get("keyrings"));
        Accounts accounts = present(f, "accounts") == null ? null : AccountsReader.read(f.get("accounts"));
        Map<String, String> environment = textMap(f, "environment", Spec::envKeyProblem);
        List<String> entrypoint = texts(f, "entrypoint", null);
        List<String> cmd = texts(f, "cmd", null);
        String workdir = text(f, "workdir", ImagePaths::accountPathProblem);
        List<PathEntry> paths = paths(f.get("paths"));
        List<String> strip = texts(f, "strip", s -> Spec.oneOf("strip value", s, Spec.STRIP_VALUES));
        Map<String, String> annotations = textMap(f, "annotations", k -> null);
        Map<String, String> labels = textMap(f, "labels", k -> null);
        String variant = text(f, "variant", v -> Spec.oneOf("variant", v, Spec.VARIANTS));
        if ("dev".equals(variant) && base == null) {
            throw f.get("variant").fail("a dev variant extends a runtime image: write 'base:' (the runtime spec or "
                    + "image) instead of 'distribution:', and 'variant: dev' adds the debugging tools to it");
        }
        SpecGates gates = gates(f);
        if (codename != null && packages == null) {
            throw root.fail("missing required field 'packages' (a base image needs at least one package)");
        }
        if (codename != null && packages.isEmpty()) {
            throw f.get("packages").fail("a base image needs at least one package");
        }
        return root.check(() -> new Spec(name, description, codename, baseRef, archs, packages, exclude,
                include, suites, components, keyrings, accounts, environment, entrypoint, cmd, workdir, paths, strip,
                annotations, labels, variant, file, gates, source));
    }

    private static SpecNode required(SpecNode parent, Map<String, SpecNode> fields, String key)
            throws SpecException {
        SpecNode node = present(fields, key);
        if (node == null) {
            throw parent.fail("missing required field '" + key + "'");
        }
        return node;
    }

    /** The field's node, or null when it is absent or written without a value. */
    static SpecNode present(Map<String, SpecNode> fields, String key) {
        SpecNode node = fields.get(key);
        return node == null || node.isNull() ? null : node;
    }

    static String text(Map<String, SpecNode> fields, String key, Function<String, String> rule)
            throws SpecException {
        SpecNode node = present(fields, key);
        if (node == null) {
            return null;
        }
        String value = node.text();
        node.require(rule.apply(value));
        return value;
    }

    static List<String> texts(Map<String, SpecNode> fields, String key,
                              Function<String, String> rule) throws SpecException {
        SpecNode node = present(fields, key);
        if (node == null) {
            return null;
        }
        if (rule != null) {
            return node.texts(rule);
        }
        List<String> out = new ArrayList<>();
        for (SpecNode item : node.items()) {
            out.add(item.text());
        }
        return out;
    }

    private static Map<String, String> textMap(Map<String, SpecNode> fields, String key,
                                               Function<String, String> keyRule)
            throws SpecException {
        SpecNode node = present(fields, key);
        return node == null ? null : node.textMap(keyRule);
    }

    private List<PackageRequest> packages(SpecNode node) throws SpecException {
        if (node == null || node.isNull()) {
            return null;
        }
        List<PackageRequest> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (SpecNode item : node.items()) {
            PackageRequest request;
            try {
                request = PackageRequest.parse(item.text());
            } catch (SpecException e) {
                throw item.fail(e.problem());
            }
            Integer first = seen.putIfAbsent(request.name(), item.line());
            if (first != null) {
                throw item.fail("duplicate package '" + request.name() + "' (first at line " + first + ")");
            }
            out.add(request);
        }
        return out;
    }

    /** A base that looks like a spec file (ends in .yaml or .yml, no transport) resolves against the spec's folder. */
    private String baseReference(SpecNode node) throws SpecException {
        String value = node.text();
        if (value.isBlank()) {
            throw node.fail("base is empty");
        }
        if (!value.contains(":") && (value.endsWith(".yaml") || value.endsWith(".yml"))) {
            return confinedFile(node, value, "base spec", "keep the base spec in or below this spec's folder")
                    .toString();
        }
        return value;
    }

    /** {@code policy: FILE} and {@code tests: [FILE…]}: existing files inside the spec's folder, as every spec input. */
    private SpecGates gates(Map<String, SpecNode> f) throws SpecException {
        SpecNode policy = present(f, "policy");
        Path policyFile = policy == null ? null : confinedFile(policy, policy.text(), "policy file",
                "keep the policy file in or below this spec's folder");
        List<Path> tests = new ArrayList<>();
        SpecNode testsNode = present(f, "tests");
        if (testsNode != null) {
            for (SpecNode item : testsNode.items()) {
                tests.add(confinedFile(item, item.text(), "structure test file",
                        "keep the test file in or below this spec's folder"));
            }
        }
        return new SpecGates(policyFile, tests);
    }

    private List<String> keyrings(SpecNode node) throws SpecException {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (SpecNode item : node.items()) {
            String path = keyringFile(item, item.text()).toString();
            if (out.contains(path)) {
                throw item.fail("duplicate keyring " + path);
            }
            out.add(path);
        }
        return out;
    }

    private List<PathEntry> paths(SpecNode node) throws SpecException {
        if (node == null || node.isNull()) {
            return null;
        }
        List<PathEntry> out = new ArrayList<>();
        Map<String, PathEntry> seen = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        List<SpecNode> items = new ArrayList<>();
        for (SpecNode item : node.items()) {
            for (PathEntry entry : PathEntryReader.read(item, this)) {
                // The builder writes /bin/x as /usr/bin/x, so two spellings of one path are one entry.
                String canonical = ImagePaths.mergedUsr(entry.path());
                PathEntry first = seen.putIfAbsent(canonical, entry);
                if (first != null) {
                    throw item.fail("duplicate path '" + entry.path() + "' (first at line " + lines.get(canonical)
                            + (first.path().equals(entry.path()) ? "" : " as '" + first.path() + "'; both are "
                                    + canonical + " in a merged-/usr image") + ")");
                }
                lines.put(canonical, item.line());
                out.add(entry);
                items.add(item);
            }
        }
        belowDeclaredLinks(items, out, seen);
        return out;
    }

    /**
     * No entry may lie below a symlink (or file) the spec declares: the link would redirect where it lands. Paths are
     * compared in their merged-/usr spelling, as the builder writes them.
     */
    private static void belowDeclaredLinks(List<SpecNode> items, List<PathEntry> entries,
                                           Map<String, PathEntry> byCanonical) throws SpecException {
        for (int i = 0; i < entries.size(); i++) {
            String written = entries.get(i).path();
            String path = ImagePaths.mergedUsr(written);
            for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
                PathEntry ancestor = byCanonical.get(path.substring(0, slash));
                if (ancestor != null && ancestor.type() != PathEntry.Type.DIRECTORY) {
                    throw items.get(i).fail("path '" + written + "' lies below " + ancestor.path() + ", which this "
                            + "spec declares as a " + ancestor.type().name().toLowerCase(java.util.Locale.ROOT)
                            + (ancestor.target() == null ? "" : " to " + ancestor.target())
                            + (written.equals(path) ? "" : " (" + written + " is " + path + " in a merged-/usr image)")
                            + "; use the path it points to");
                }
            }
        }
    }

    /**
     * A {@code paths[].source}: relative to the spec's folder and inside it once every symlink is resolved, so a
     * spec cannot copy host files such as /etc/shadow into an image. Returns the resolved (real) path.
     */
    Path confinedFile(SpecNode node, String value) throws SpecException {
        return confinedFile(node, value, "source", "copy the file next to the spec");
    }

    /**
     * A file the spec names ({@code what}: source, keyring, base spec) relative to its folder, which must stay
     * inside that folder once every symlink is resolved (no absolute path, no '..'). Returns its real path.
     */
    Path confinedFile(SpecNode node, String value, String what, String hint) throws SpecException {
        Path real = confined(node, value, what, "file", hint);
        if (!Files.isRegularFile(real)) {
            throw node.fail(what + " file " + real + " is not a regular file");
        }
        return real;
    }

    /** Counts {@code n} more bytes of files copied from directory sources; returns the total so far. */
    long addDirectoryBytes(long n) {
        directoryBytes += n;
        return directoryBytes;
    }

    /** A directory {@code source}, confined to the spec's folder like a file's. Returns its real path. */
    Path confinedDirectory(SpecNode node, String value) throws SpecException {
        Path real = confined(node, value, "source", "directory", "copy the directory next to the spec");
        if (!Files.isDirectory(real)) {
            throw node.fail("source " + real + " of a directory entry is not a directory");
        }
        return real;
    }

    /** {@code what} the spec names ("source", "keyring", …), a {@code kind} ("file" or "directory"). */
    private Path confined(SpecNode node, String value, String what, String kind, String hint) throws SpecException {
        hostPath(node, value, what);
        if (value.isEmpty() || value.startsWith("/")) {
            throw node.fail(what + " '" + value + "' must be a path relative to the spec's folder " + folder
                    + "; " + hint);
        }
        for (String part : value.split("/")) {
            if (part.equals("..")) {
                throw node.fail(what + " '" + value + "' must stay inside the spec's folder " + folder + " (no '..')");
            }
        }
        Path real;
        Path top;
        try {
            top = folder.toRealPath();
            real = folder.resolve(value).toRealPath();
        } catch (java.io.IOException e) {
            throw node.fail(what + " " + kind + " " + folder.resolve(value) + " not found");
        }
        if (!real.startsWith(top)) {
            throw node.fail(what + " '" + value + "' resolves to " + real + " through a symlink, outside the spec's "
                    + "folder " + top + "; " + hint);
        }
        return real;
    }

    /** {@code value} as a path on this host; a NUL or anything else the file system cannot name is the spec's error. */
    private static Path hostPath(SpecNode node, String value, String what) throws SpecException {
        if (value.indexOf('\0') >= 0) {
            throw node.fail(what + " '" + value.replace("\0", "\\0") + "' contains a NUL character; name the file "
                    + "without it");
        }
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw node.fail(what + " '" + value + "' is not a valid path on this host: " + e.getReason());
        }
    }

    /**
     * A {@code keyrings} entry. An absolute path names a trust anchor the host provides (such as a keyring under
     * /usr/share/keyrings/) and is taken as it is: the user who runs the build trusts the host's keyrings anyway. A
     * relative path is a keyring shipped with the spec and must stay inside the spec's folder, like a source.
     */
    Path keyringFile(SpecNode node, String value) throws SpecException {
        if (!value.startsWith("/")) {
            return confinedFile(node, value, "keyring", "copy the keyring next to the spec or name it by absolute path");
        }
        Path path = hostPath(node, value, "keyring").normalize();
        if (!Files.isRegularFile(path)) {
            throw node.fail("keyring file " + path + " not found");
        }
        return path;
    }
}

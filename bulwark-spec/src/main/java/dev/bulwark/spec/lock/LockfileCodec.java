package dev.bulwark.spec.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code <spec>.lock.json}: fixed field order, two-space indent, trailing newline. Reads format
 * versions 1 and 2; {@code base} (version 2) follows {@code spec}: {@code "base": {"reference": …, "digest": "sha256:…"}}.
 */
public final class LockfileCodec {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LockfileCodec() {
    }

    /** The lock that belongs to a spec file: {@code python3.yaml} → {@code python3.yaml.lock.json}. */
    public static Path lockPathFor(Path spec) {
        return spec.resolveSibling(spec.getFileName() + ".lock.json");
    }

    public static byte[] encode(Lockfile lock) {
        ObjectNode root = JSON.createObjectNode();
        root.put("lockfileVersion", lock.version());
        ObjectNode spec = root.putObject("spec");
        spec.put("name", lock.specName());
        spec.put("sha256", lock.specSha256());
        if (lock.base() != null) {
            ObjectNode base = root.putObject("base");
            base.put("reference", lock.base().reference());
            base.put("digest", lock.base().digest());
        }
        root.put("distribution", lock.distribution());
        root.put("sourceDateEpoch", lock.sourceDateEpoch());
        root.put("sourceDateEpochPolicy", lock.sourceDateEpochPolicy());
        ArrayNode suites = root.putArray("suites");
        for (Lockfile.LockedSuite s : lock.suites()) {
            ObjectNode n = suites.addObject();
            n.put("name", s.name());
            n.put("inRelease", s.inReleaseUrlPath());
            n.put("sha256", s.inReleaseSha256());
            n.put("date", s.date());
        }
        ObjectNode archs = root.putObject("archs");
        lock.archs().forEach((arch, packages) -> {
            ArrayNode list = archs.putArray(arch);
            for (Lockfile.LockedPackage p : packages) {
                ObjectNode n = list.addObject();
                n.put("name", p.name());
                n.put("version", p.version());
                n.put("architecture", p.architecture());
                n.put("source", p.source());
                n.put("sourceVersion", p.sourceVersion());
                n.put("suite", p.suite());
                n.put("component", p.component());
                n.put("filename", p.filename());
                n.put("size", p.size());
                n.put("sha256", p.sha256());
            }
        });
        try {
            return (JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a lockfile", e);
        }
    }

    /** Writes atomically: a temp file beside the target, then a rename. */
    public static void write(Lockfile lock, Path path) throws LockfileException {
        Path dir = path.toAbsolutePath().getParent();
        try {
            Path temp = dev.bulwark.core.TempFiles.createFile(dir, path.getFileName().toString());
            try {
                Files.write(temp, encode(lock));
                dev.bulwark.core.TempFiles.replace(temp, path);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new LockfileException(Kind.ENVIRONMENT, "cannot write lockfile " + path + ": " + e.getMessage(), e);
        }
    }

    public static Lockfile read(Path path) throws LockfileException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new LockfileException(Kind.BAD_INPUT, "cannot read lockfile " + path + ": no such file; run 'bulwark lock SPEC' first", e);
        } catch (IOException e) {
            throw new LockfileException(Kind.BAD_INPUT, "cannot read lockfile " + path + ": " + e.getMessage(), e);
        }
        try {
            return decode(root);
        } catch (RuntimeException e) {
            throw new LockfileException(Kind.BAD_INPUT, "cannot read lockfile " + path + ": " + e.getMessage()
                    + "; regenerate it with 'bulwark lock SPEC'", e);
        }
    }

    private static Lockfile decode(JsonNode root) {
        JsonNode versionNode = required(root, "lockfileVersion");
        int version = versionNode.asInt();
        if (!versionNode.isInt() || version < Lockfile.V1 || version > Lockfile.CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported lockfileVersion " + versionNode + " (this Bulwark reads "
                    + Lockfile.V1 + " to " + Lockfile.CURRENT_VERSION + ")");
        }
        JsonNode spec = required(root, "spec");
        Lockfile.BaseImage base = null;
        if (root.has("base")) {
            if (version < 2) {
                throw new IllegalArgumentException("field 'base' needs lockfileVersion 2, this lock is version " + version);
            }
            JsonNode b = root.get("base");
            base = new Lockfile.BaseImage(text(b, "reference"), text(b, "digest"));
        }
        List<Lockfile.LockedSuite> suites = new ArrayList<>();
        for (JsonNode s : required(root, "suites")) {
            suites.add(new Lockfile.LockedSuite(text(s, "name"), text(s, "inRelease"), text(s, "sha256"), text(s, "date")));
        }
        Map<String, List<Lockfile.LockedPackage>> archs = new LinkedHashMap<>();
        required(root, "archs").fields().forEachRemaining(e -> {
            List<Lockfile.LockedPackage> list = new ArrayList<>();
            for (JsonNode p : e.getValue()) {
                Lockfile.LockedPackage pkg = new Lockfile.LockedPackage(text(p, "name"), text(p, "version"),
                        text(p, "architecture"), text(p, "source"), text(p, "sourceVersion"), text(p, "suite"),
                        text(p, "component"), text(p, "filename"), count(p, "size", "package " + text(p, "name") + " (" + e.getKey() + ")"),
                        text(p, "sha256"));
                check(pkg, e.getKey());
                list.add(pkg);
            }
            archs.put(e.getKey(), list);
        });
        return new Lockfile(version, text(spec, "name"), text(spec, "sha256"), text(root, "distribution"),
                count(root, "sourceDateEpoch", "the lock"), text(root, "sourceDateEpochPolicy"), suites, archs, base);
    }

    /** A lock decides what is downloaded and trusted: its paths must stay on the mirror, its digests be digests. */
    private static void check(Lockfile.LockedPackage p, String arch) {
        String bad = dev.bulwark.debian.archive.PoolPaths.problem(p.filename());
        if (bad != null) {
            throw new IllegalArgumentException("package " + p.name() + " (" + arch + ") has filename '" + p.filename()
                    + "': " + bad);
        }
        if (!dev.bulwark.core.Hex.isLowerHex(p.sha256(), 64)) {
            throw new IllegalArgumentException("package " + p.name() + " (" + arch + ") has sha256 '" + p.sha256()
                    + "', not 64 lower-case hex digits");
        }
        if (p.size() < 0) {
            throw new IllegalArgumentException("package " + p.name() + " (" + arch + ") has a negative size");
        }
    }

    /** A whole number from 0 up: asLong() would read "soon" as 0 (a 1970 image) and take -1 or 1.5 as they are. */
    private static long count(JsonNode node, String field, String owner) {
        JsonNode v = required(node, field);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new IllegalArgumentException(owner + " has " + field + " " + v + ", not a whole number from 0 up");
        }
        return v.asLong();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }
}

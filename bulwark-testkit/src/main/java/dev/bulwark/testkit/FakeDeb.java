package dev.bulwark.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.bulwark.core.Hex;

/**
 * A tiny but real {@code .deb}: an {@code ar} archive of {@code debian-binary}, {@code control.tar.<c>} and
 * {@code data.tar.<c>}, laid out like {@code dpkg-deb --build} does ("./", "./usr/", "./usr/bin/x"). The bytes are
 * deterministic: the same builder calls give the same package.
 */
public final class FakeDeb {
    /** Fixed mtime of every member and entry (2025-01-01T00:00:00Z). */
    public static final long MTIME = 1_735_689_600L;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern ARCH = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final String name;
    private final String version;
    private final String arch;
    private final Map<String, String> fields;
    private final String controlStanza;
    private final byte[] bytes;

    private FakeDeb(Builder b, String controlStanza, byte[] bytes) {
        this.name = b.name;
        this.version = b.version;
        this.arch = b.arch;
        this.fields = Map.copyOf(b.fields);
        this.controlStanza = controlStanza;
        this.bytes = bytes;
    }

    public static Builder builder(String name, String version, String arch) {
        return new Builder(name, version, arch);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public String arch() {
        return arch;
    }

    /** A control field as given to the builder, or null. */
    public String field(String fieldName) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().equalsIgnoreCase(fieldName)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The source package name: the first word of {@code Source:}, else the package name. */
    public String source() {
        String source = field("Source");
        return source == null ? name : source.trim().split("\\s+")[0];
    }

    /** {@code <name>_<version without epoch>_<arch>.deb}, the pool file name. */
    public String fileName() {
        int colon = version.indexOf(':');
        return name + "_" + (colon < 0 ? version : version.substring(colon + 1)) + "_" + arch + ".deb";
    }

    /** The control file text, ending with a newline; a Packages stanza is this plus Filename, Size and SHA256. */
    public String controlStanza() {
        return controlStanza;
    }

    public String sha256() {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public long size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "FakeDeb[" + name + " " + version + " " + arch + "]";
    }

    /** Collects control fields and data entries; {@link #build()} renders the package. */
    public static final class Builder {
        private final String name;
        private final String version;
        private final String arch;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final TreeMap<String, DebEntry> entries = new TreeMap<>();
        private final List<DebEntry> hardlinks = new ArrayList<>();
        private final List<DebEntry> raw = new ArrayList<>();
        private final List<String> conffiles = new ArrayList<>();
        private Compression compression = Compression.XZ;

        private Builder(String name, String version, String arch) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("cannot build fake deb: bad package name " + name);
            }
            if (version == null || version.isEmpty() || !Character.isDigit(version.charAt(0))
                    || version.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("cannot build fake deb: bad version " + version);
            }
            if (arch == null || !ARCH.matcher(arch).matches()) {
                throw new IllegalArgumentException("cannot build fake deb: bad architecture " + arch);
            }
            this.name = name;
            this.version = version;
            this.arch = arch;
        }

        /** Any control field; multi-line values get continuation lines indented as Deb822 wants. */
        public Builder field(String fieldName, String value) {
            if (fieldName == null || !fieldName.matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
                throw new IllegalArgumentException("cannot build fake deb: bad field name " + fieldName);
            }
            Objects.requireNonNull(value, "value");
            for (String fixed : List.of("Package", "Version", "Architecture", "Installed-Size")) {
                if (fixed.equalsIgnoreCase(fieldName)) {
                    throw new IllegalArgumentException("cannot build fake deb: " + fixed + " is set by the builder");
                }
            }
            fields.keySet().removeIf(k -> k.equalsIgnoreCase(fieldName));
            fields.put(fieldName, value);
            return this;
        }

        public Builder file(String path, byte[] content, int mode) {
            return file(path, content, mode, 0, 0);
        }

        public Builder file(String path, byte[] content, int mode, int uid, int gid) {
            return put(new DebEntry(relative(path), TarWriter.FILE, mode, uid, gid, content.clone(), null, 0, 0));
        }

        public Builder dir(String path, int mode) {
            return put(new DebEntry(relative(path), TarWriter.DIRECTORY, mode, 0, 0, null, null, 0, 0));
        }

        public Builder symlink(String path, String target) {
            return put(new DebEntry(relative(path), TarWriter.SYMLINK, 0777, 0, 0, null, target, 0, 0));
        }

        /** A hard link to {@code target} (a path in this package); written after all other entries. */
        public Builder hardlink(String path, String target) {
            String rel = relative(path);
            parents(rel);
            hardlinks.add(new DebEntry(rel, TarWriter.HARDLINK, 0644, 0, 0, null, "./" + relative(target), 0, 0));
            return this;
        }

        /** A device node: never legitimate in a base image, so it serves hostile-input tests. */
        public Builder device(String path, boolean block, int major, int minor) {
            char type = block ? TarWriter.BLOCK_DEVICE : TarWriter.CHAR_DEVICE;
            return put(new DebEntry(relative(path), type, 0660, 0, 0, null, null, major, minor));
        }

        /** A regular-file entry whose tar name is written verbatim ("../x", "/abs"), appended last. */
        public Builder rawEntryName(String tarEntryName, byte[] content) {
            raw.add(new DebEntry(tarEntryName, TarWriter.FILE, 0644, 0, 0, content.clone(), null, 0, 0));
            return this;
        }

        /** Compression of both control.tar and data.tar; default XZ. */
        public Builder compression(Compression c) {
            this.compression = Objects.requireNonNull(c);
            return this;
        }

        public Builder conffiles(String... paths) {
            for (String p : paths) {
                conffiles.add("/" + relative(p));
            }
            return this;
        }

        public FakeDeb build() {
            try {
                String control = controlText();
                byte[] data = compression.compress(dataTar());
                byte[] controlTar = compression.compress(controlTar(control));
                ByteArrayOutputStream deb = new ByteArrayOutputStream();
                ArWriter ar = new ArWriter(deb, MTIME);
                ar.member("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
                ar.member("control.tar" + compression.suffix(), controlTar);
                ar.member("data.tar" + compression.suffix(), data);
                return new FakeDeb(this, control, deb.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Builder put(DebEntry entry) {
            parents(entry.path());
            entries.put(entry.path(), entry);
            return this;
        }

        private void parents(String rel) {
            int slash = rel.indexOf('/');
            while (slash > 0) {
                String parent = rel.substring(0, slash);
                entries.putIfAbsent(parent, new DebEntry(parent, TarWriter.DIRECTORY, 0755, 0, 0, null, null, 0, 0));
                slash = rel.indexOf('/', slash + 1);
            }
        }

        private static String relative(String path) {
            String p = path;
            while (p.startsWith("./") || p.startsWith("/")) {
                p = p.startsWith("./") ? p.substring(2) : p.substring(1);
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty() || p.contains("//") || List.of(p.split("/")).contains("..")) {
                throw new IllegalArgumentException("cannot build fake deb: bad path " + path
                        + " (use rawEntryName for hostile names)");
            }
            return p;
        }

        private byte[] dataTar() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TarWriter tar = new TarWriter(out, MTIME);
            tar.entry("./", TarWriter.DIRECTORY, 0755, 0, 0, null, null, 0, 0);
            for (DebEntry e : entries.values()) {
                e.write(tar);
            }
            for (DebEntry e : hardlinks) {
                e.write(tar);
            }
            for (DebEntry e : raw) {
                tar.entry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.content(), null, 0, 0);
            }
            tar.finish();
            return out.toByteArray();
        }

        private byte[] controlTar(String control) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TarWriter tar = new TarWriter(out, MTIME);
            tar.entry("./", TarWriter.DIRECTORY, 0755, 0, 0, null, null, 0, 0);
            if (!conffiles.isEmpty()) {
                byte[] text = (String.join("\n", conffiles) + "\n").getBytes(StandardCharsets.UTF_8);
                tar.entry("./conffiles", TarWriter.FILE, 0644, 0, 0, text, null, 0, 0);
            }
            tar.entry("./control", TarWriter.FILE, 0644, 0, 0, control.getBytes(StandardCharsets.UTF_8), null, 0, 0);
            String md5sums = md5sums();
            if (!md5sums.isEmpty()) {
                tar.entry("./md5sums", TarWriter.FILE, 0644, 0, 0, md5sums.getBytes(StandardCharsets.UTF_8), null,
                        0, 0);
            }
            tar.finish();
            return out.toByteArray();
        }

        private String md5sums() {
            StringBuilder out = new StringBuilder();
            for (DebEntry e : entries.values()) {
                if (e.type() == TarWriter.FILE) {
                    out.append(md5(e.content())).append("  ").append(e.path()).append('\n');
                }
            }
            return out.toString();
        }

        private String controlText() {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Package", name);
            copy("Source", all);
            all.put("Version", version);
            all.put("Architecture", arch);
            all.put("Maintainer", Objects.requireNonNullElse(fieldValue("Maintainer"),
                    "Bulwark Testkit <testkit@example.invalid>"));
            all.put("Installed-Size", Long.toString(installedSize()));
            for (Map.Entry<String, String> e : fields.entrySet()) {
                if (!all.containsKey(e.getKey()) && !e.getKey().equalsIgnoreCase("Description")
                        && !e.getKey().equalsIgnoreCase("Maintainer") && !e.getKey().equalsIgnoreCase("Source")) {
                    all.put(e.getKey(), e.getValue());
                }
            }
            all.put("Description", Objects.requireNonNullElse(fieldValue("Description"), "fake " + name + " for tests"));
            StringBuilder text = new StringBuilder();
            all.forEach((k, v) -> text.append(k).append(": ").append(continuation(v)).append('\n'));
            return text.toString();
        }

        private void copy(String field, Map<String, String> into) {
            String value = fieldValue(field);
            if (value != null) {
                into.put(field, value);
            }
        }

        private String fieldValue(String field) {
            return fields.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        private static String continuation(String value) {
            String[] lines = value.split("\n", -1);
            StringBuilder out = new StringBuilder(lines[0]);
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                out.append('\n').append(line.startsWith(" ") ? line : line.isBlank() ? " ." : " " + line);
            }
            return out.toString();
        }

        private long installedSize() {
            long kib = 0;
            for (DebEntry e : entries.values()) {
                kib += e.content() == null ? 1 : (e.content().length + 1023) / 1024;
            }
            return kib + hardlinks.size();
        }

        private static String md5(byte[] content) {
            try {
                return Hex.encode(MessageDigest.getInstance("MD5").digest(content));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One data.tar entry; {@code path} is relative without "./" except for raw entries. */
    private record DebEntry(String path, char type, int mode, int uid, int gid, byte[] content, String link,
            int major, int minor) {
        void write(TarWriter tar) throws IOException {
            String tarName = "./" + path + (type == TarWriter.DIRECTORY ? "/" : "");
            tar.entry(tarName, type, mode, uid, gid, content, link, major, minor);
        }
    }

}

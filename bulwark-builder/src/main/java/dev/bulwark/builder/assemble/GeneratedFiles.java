package dev.bulwark.builder.assemble;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.assemble.SpooledPackage.Node;
import dev.bulwark.spec.Accounts;
import dev.bulwark.spec.PathEntry;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecLines;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.layer.TarEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last layer: what maintainer scripts would have produced and a runtime needs, generated because Bulwark never
 * runs them — accounts, nsswitch, os-release, /tmp and home directories, the CA bundle and Java trust store,
 * alternatives symlinks, OpenSSL's default certificate paths, merged-/usr symlinks the packages did not ship — plus
 * the spec's own {@code paths}.
 */
final class GeneratedFiles {
    static final String CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
    static final String JAVA_CACERTS = "/etc/ssl/certs/java/cacerts";
    private static final String CA_DIR = "/usr/share/ca-certificates/";
    private static final List<String> JAVA_TOOLS = List.of("java", "keytool", "jfr", "jrunscript", "rmiregistry");

    private final Spec spec;
    private final List<SpooledPackage> packages;
    private final long epoch;
    private final Map<String, Located> byPath = new HashMap<>();
    private final Map<String, TarEntry> out = new TreeMap<>();
    /** The entries of {@link #out} the spec's {@code paths} wrote, by canonical path: their line names errors. */
    private final Map<String, PathEntry> declared = new HashMap<>();

    private record Located(SpooledPackage pkg, Node node) {
    }

    GeneratedFiles(Spec spec, List<SpooledPackage> packages, long epoch) {
        this.spec = spec;
        this.packages = packages;
        this.epoch = epoch;
        for (SpooledPackage p : packages) {
            for (Node n : p.nodes()) {
                byPath.putIfAbsent(n.path(), new Located(p, n));
            }
        }
    }

    List<TarEntry> entries() throws BuildException {
        accounts();
        file("/etc/nsswitch.conf", 0644, """
                passwd:         files
                group:          files
                shadow:         files
                gshadow:        files
                hosts:          files dns
                networks:       files
                protocols:      files
                services:       files
                ethers:         files
                rpc:            files
                """);
        file("/etc/os-release", 0644, osRelease());
        dir("/tmp", 01777, 0, 0);
        mergedUsrLinks();
        byte[] bundle = caBundle();
        if (bundle != null) {
            file(CA_BUNDLE, 0644, bundle);
            javaTrustStore();
            openSslDefaults();
        }
        javaAlternatives();
        specPaths();
        checkBelowNonDirectories();
        List<TarEntry> entries = new ArrayList<>(out.values());
        PackageLayers.addParents(entries, new HashSet<>(out.keySet()), byPath.keySet());
        return entries;
    }

    private void accounts() {
        Accounts accounts = spec.accounts();
        StringBuilder passwd = new StringBuilder();
        for (Accounts.User u : accounts.users()) {
            passwd.append(u.name()).append(":x:").append(u.uid()).append(':').append(u.gid()).append(':').append(u.name())
                    .append(':').append(u.home()).append(':').append(u.shell()).append('\n');
            String home = MergedUsr.canonical(u.home());
            if (!home.equals("/nonexistent") && !home.equals("/") && !byPath.containsKey(home)) {
                dir(home, 0700, u.uid(), u.gid());
            }
        }
        StringBuilder group = new StringBuilder();
        for (Accounts.Group g : accounts.groups()) {
            group.append(g.name()).append(":x:").append(g.gid()).append(':').append(String.join(",", g.members())).append('\n');
        }
        file("/etc/passwd", 0644, passwd.toString());
        file("/etc/group", 0644, group.toString());
    }

    /** Debian's os-release fields (from base-files when installed), with PRETTY_NAME naming the Bulwark image. */
    private byte[] osRelease() throws BuildException {
        Map<String, String> fields = new LinkedHashMap<>();
        Located lib = byPath.get("/usr/lib/os-release");
        if (lib != null && lib.node().kind() == Node.Kind.FILE) {
            for (String line : new String(read(lib), StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } else {
            String codename = spec.distribution() == null ? "" : spec.distribution();
            String version = dev.bulwark.debian.release.DebianReleases.number(codename).orElse("");
            fields.put("NAME", "\"Debian GNU/Linux\"");
            if (!version.isEmpty()) {
                fields.put("VERSION_ID", "\"" + version + "\"");
                fields.put("VERSION", "\"" + version + " (" + codename + ")\"");
            }
            fields.put("VERSION_CODENAME", codename);
            fields.put("ID", "debian");
            fields.put("PRETTY_NAME", "\"Debian GNU/Linux" + (version.isEmpty() ? "" : " " + version + " (" + codename + ")") + "\"");
        }
        String base = unquote(fields.getOrDefault("PRETTY_NAME", fields.getOrDefault("NAME", "Debian GNU/Linux")));
        fields.put("PRETTY_NAME", "\"Bulwark " + spec.name() + " (" + base + ")\"");
        StringBuilder text = new StringBuilder();
        fields.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private void mergedUsrLinks() {
        for (String top : MergedUsr.MERGED) {
            String under = "/usr/" + top + "/";
            boolean needed = top.equals("bin") || top.equals("sbin") || top.equals("lib")
                    || byPath.keySet().stream().anyMatch(p -> p.startsWith(under));
            if (needed && !byPath.containsKey("/" + top)) {
                out.put("/" + top, TarEntry.symlink("/" + top, MergedUsr.linkTarget(top)));
            }
        }
    }

    /**
     * The CA bundle update-ca-certificates would write: every {@code .crt} under /usr/share/ca-certificates in
     * byte order of their relative paths, each ending with a newline. Null when ca-certificates is not installed.
     */
    private byte[] caBundle() throws BuildException {
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        int count = 0;
        for (Map.Entry<String, Located> e : caCertificates().entrySet()) {
            byte[] pem = read(e.getValue());
            bundle.writeBytes(pem);
            if (pem.length > 0 && pem[pem.length - 1] != '\n') {
                bundle.write('\n');
            }
            count++;
        }
        return count == 0 ? null : bundle.toByteArray();
    }

    private Map<String, Located> caCertificates() {
        Map<String, Located> certs = new TreeMap<>();
        byPath.forEach((path, loc) -> {
            if (path.startsWith(CA_DIR) && path.endsWith(".crt") && loc.node().kind() == Node.Kind.FILE) {
                certs.put(path.substring(CA_DIR.length()), loc);
            }
        });
        return certs;
    }

    private void javaTrustStore() throws BuildException {
        boolean jvmWantsIt = byPath.values().stream().anyMatch(l -> l.node().kind() == Node.Kind.SYMLINK
                && JAVA_CACERTS.equals(l.node().linkTarget()));
        if (!jvmWantsIt || byPath.containsKey(JAVA_CACERTS)) {
            return;
        }
        Map<String, byte[]> byAlias = new TreeMap<>();
        for (Map.Entry<String, Located> e : caCertificates().entrySet()) {
            String file = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            byAlias.put("debian:" + file.substring(0, file.length() - 4).toLowerCase(Locale.ROOT) + ".pem", read(e.getValue()));
        }
        try {
            file(JAVA_CACERTS, 0644, JavaTrustStore.write(byAlias, epoch));
        } catch (IOException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot build the Java trust store: " + e.getMessage(), e);
        }
    }

    /** OpenSSL looks for {@code /usr/lib/ssl/cert.pem}; the excluded openssl package would have shipped the links. */
    private void openSslDefaults() {
        boolean libssl = byPath.keySet().stream().anyMatch(p -> p.matches("/usr/lib/[^/]+/libssl\\.so\\.\\d+.*"));
        if (libssl && !byPath.containsKey("/usr/lib/ssl/cert.pem")) {
            out.put("/usr/lib/ssl/cert.pem", TarEntry.symlink("/usr/lib/ssl/cert.pem", CA_BUNDLE));
            if (!byPath.containsKey("/usr/lib/ssl/certs")) {
                out.put("/usr/lib/ssl/certs", TarEntry.symlink("/usr/lib/ssl/certs", "/etc/ssl/certs"));
            }
        }
    }

    /** update-alternatives links for Java tools: /usr/bin/java → the newest JVM's bin/java. */
    private void javaAlternatives() {
        String jvmBin = byPath.keySet().stream().filter(p -> p.matches("/usr/lib/jvm/[^/]+/bin/java"))
                .max(String::compareTo).map(p -> p.substring(0, p.length() - "/java".length())).orElse(null);
        if (jvmBin == null) {
            return;
        }
        for (String tool : JAVA_TOOLS) {
            String link = "/usr/bin/" + tool;
            if (byPath.containsKey(jvmBin + "/" + tool) && !byPath.containsKey(link)) {
                out.put(link, TarEntry.symlink(link, jvmBin + "/" + tool));
            }
        }
    }

    /**
     * Nothing in the image may lie below a symlink, file or hard link — a package's, a generated one or one the spec
     * declares: a symlinked directory would redirect the entry (possibly onto another file, such as /etc/passwd), a
     * file would be shadowed. Checked over the final tree, this layer's entries over the packages'; two packages are
     * {@link FileConflicts}'s to check.
     */
    private void checkBelowNonDirectories() throws BuildException {
        SpecLines lines = null;
        List<String> paths = new ArrayList<>(out.keySet());
        byPath.keySet().stream().filter(p -> !out.containsKey(p)).forEach(paths::add);
        for (String path : paths) {
            for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String above = path.substring(0, slash);
                TarEntry generated = out.get(above);
                Located shipped = generated == null ? byPath.get(above) : null;
                boolean blocks = generated != null ? generated.type() != TarEntry.Type.DIR
                        : shipped != null && shipped.node().kind() != Node.Kind.DIRECTORY;
                if (!blocks || generated == null && !out.containsKey(path)) {
                    continue; // packages' entries below packages' links are FileConflicts' to report
                }
                lines = lines == null ? SpecLines.of(spec) : lines;
                throw new BuildException(Kind.BAD_INPUT, "cannot add " + what(path, lines) + ": " + above + " is a "
                        + kindOf(generated, shipped) + ", " + origin(above, generated, shipped, lines)
                        + " — an entry below it would be redirected or shadowed; " + (declared.containsKey(path)
                        ? "use the path it points to in the spec's paths" : "declare " + above + " as a directory or "
                        + "drop that entry"));
            }
        }
    }

    /** "/usr/bin/x (spec.yaml:7)", "the generated /etc/passwd" or "/usr/share/x of pkg=1": what cannot be added. */
    private String what(String path, SpecLines lines) {
        PathEntry p = declared.get(path);
        if (p != null) {
            return path + " (" + lines.item("paths", p.path()) + ")";
        }
        if (out.containsKey(path)) {
            return "the generated " + path;
        }
        return path + " of " + byPath.get(path).pkg().id();
    }

    private static String kindOf(TarEntry generated, Located shipped) {
        if (generated != null) {
            return switch (generated.type()) {
                case SYMLINK -> "symlink to " + generated.linkTarget();
                case HARDLINK -> "hard link";
                default -> "file";
            };
        }
        return shipped.node().kind().name().toLowerCase(Locale.ROOT)
                + (shipped.node().linkTarget() == null ? "" : " to " + shipped.node().linkTarget());
    }

    private String origin(String path, TarEntry generated, Located shipped, SpecLines lines) {
        PathEntry p = declared.get(path);
        if (p != null) {
            return "declared at " + lines.item("paths", p.path());
        }
        return generated != null ? "generated by Bulwark" : "in " + shipped.pkg().id();
    }

    private void specPaths() throws BuildException {
        for (PathEntry p : spec.paths()) {
            String path = MergedUsr.canonical(p.path()); // /bin/x is /usr/bin/x in every Bulwark image
            declared.put(path, p);
            switch (p.type()) {
                case DIRECTORY -> dir(path, p.mode(), p.uid(), p.gid());
                case SYMLINK -> out.put(path, new TarEntry(path, TarEntry.Type.SYMLINK, 0777, p.uid(), p.gid(),
                        null, null, 0, p.target(), null));
                case FILE -> {
                    byte[] content = p.content() != null ? p.content().getBytes(StandardCharsets.UTF_8) : readSource(p);
                    out.put(path, TarEntry.file(path, p.mode(), p.uid(), p.gid(), content.length,
                            dev.bulwark.oci.layer.ContentSource.ofBytes(content)));
                }
            }
        }
    }

    private static byte[] readSource(PathEntry p) throws BuildException {
        try {
            return p.readSource();
        } catch (IOException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot read " + p.source() + " for path " + p.path() + ": " + e.getMessage(), e);
        }
    }

    private void file(String path, int mode, String text) {
        file(path, mode, text.getBytes(StandardCharsets.UTF_8));
    }

    private void file(String path, int mode, byte[] content) {
        out.put(path, TarEntry.file(path, mode, content));
    }

    private void dir(String path, int mode, int uid, int gid) {
        out.put(path, TarEntry.dir(path, mode, uid, gid));
    }

    private static byte[] read(Located l) throws BuildException {
        try (InputStream in = l.pkg().open(l.node())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot read " + l.node().path() + " of " + l.pkg().id() + ": " + e, e);
        }
    }

    /** The packages this layer was generated from, for history comments. */
    int packageCount() {
        return packages.size();
    }
}

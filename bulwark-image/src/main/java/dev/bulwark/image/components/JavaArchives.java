package dev.bulwark.image.components;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLStreamException;

/**
 * Maven artifacts in Java archives (jar, war, ear), read as a stream so an archive is never held in memory. Each
 * {@code META-INF/maven/<group>/<artifact>/pom.properties} is one component (a shaded jar holds several), with the
 * licences of the {@code pom.xml} beside it; an archive without one is named by a Maven pom beside it in the image
 * ({@link MavenPoms}, which {@link ComponentFinder} pairs), else by its manifest ({@code Implementation-Title}/
 * {@code -Version}, else {@code Bundle-SymbolicName}/{@code Bundle-Version}), which gives no Maven group.
 * Archives inside archives (a war's {@code WEB-INF/lib}, a Spring Boot {@code BOOT-INF/lib}) are read the same way,
 * up to {@link #MAX_DEPTH} levels and {@link #MAX_NESTED_BYTES} read from nested archives in all; metadata entries
 * over {@link #MAX_METADATA} bytes and archives that cannot be read are noted and skipped.
 */
final class JavaArchives {
    static final int MAX_DEPTH = 4;
    static final int MAX_METADATA = 1 << 20;
    static final long MAX_NESTED_BYTES = 256L << 20;
    static final int MAX_ENTRIES = 500_000;
    private static final Pattern POM_FILE = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/(pom\\.properties|pom\\.xml)");

    private final List<Component> found = new ArrayList<>();
    private final List<ImageComponents.Note> notes = new ArrayList<>();
    private final Bounded.Budget nested = new Bounded.Budget(MAX_NESTED_BYTES, "nested archives");
    private Component byManifest;
    private int entries;

    /**
     * What an archive holds: {@code found} from its pom.properties (and its nested archives), and {@code byManifest}
     * the outer archive named by its manifest when it has no pom.properties, kept apart so a pom beside the archive
     * can name it instead ({@link MavenPoms}); null when the manifest names nothing.
     */
    record Read(ImageComponents found, Component byManifest) {
    }

    private JavaArchives() {
    }

    static boolean isArchive(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".jar") || p.endsWith(".war") || p.endsWith(".ear");
    }

    /** The components of the archive at {@code location} whose bytes {@code in} streams; {@code in} is not closed. */
    static Read read(InputStream in, String location) {
        JavaArchives walk = new JavaArchives();
        try {
            walk.archive(in, location, 0);
        } catch (IOException | RuntimeException e) {
            // ZipInputStream reports malformed names and headers as IllegalArgumentException or ZipException.
            walk.notes.add(new ImageComponents.Note(location, "not read as a Java archive: " + reason(e)));
            walk.found.removeIf(c -> c.location().equals(location) || c.location().startsWith(location + "!/"));
            walk.byManifest = null;
        }
        return new Read(new ImageComponents(walk.found, walk.notes), walk.byManifest);
    }

    private void archive(InputStream in, String location, int depth) throws IOException {
        ZipInputStream zip = new ZipInputStream(in, StandardCharsets.ISO_8859_1);
        Map<String, Properties> poms = new TreeMap<>();
        Map<String, List<String>> pomLicenses = new TreeMap<>();
        Manifest manifest = null;
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            if (++entries > MAX_ENTRIES) {
                throw new Bounded.LimitException("more than " + MAX_ENTRIES + " archive entries");
            }
            String name = e.getName();
            Matcher pom = POM_FILE.matcher(name);
            if (e.isDirectory()) {
                continue;
            }
            if (pom.matches() || name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                byte[] bytes = Bounded.read(zip, MAX_METADATA);
                if (bytes == null) {
                    notes.add(new ImageComponents.Note(location + "!/" + name, "over " + MAX_METADATA
                            + " bytes; not read"));
                } else if (!pom.matches()) {
                    manifest = manifest(bytes);
                } else if (pom.group(3).equals("pom.properties")) {
                    poms.put(pom.group(1) + "/" + pom.group(2), properties(bytes));
                } else {
                    pomLicenses.put(pom.group(1) + "/" + pom.group(2), PomLicenses.of(bytes));
                }
            } else if (isArchive(name)) {
                inner(zip, location + "!/" + name, depth + 1);
            }
        }
        addComponents(location, poms, pomLicenses, manifest, depth == 0);
    }

    private void inner(InputStream zip, String location, int depth) throws Bounded.LimitException {
        if (depth > MAX_DEPTH) {
            notes.add(new ImageComponents.Note(location, "nested more than " + MAX_DEPTH + " archives deep; not read"));
            return;
        }
        if (nested.spent()) {
            notes.add(new ImageComponents.Note(location, "not read: nested archives exceed "
                    + (MAX_NESTED_BYTES >> 20) + " MiB"));
            return;
        }
        int before = found.size();
        try {
            archive(nested.counting(zip), location, depth);
        } catch (Bounded.LimitException e) {
            if (!nested.spent()) {
                throw e; // the entry count, which ends the whole archive
            }
            notes.add(new ImageComponents.Note(location, "not read: " + e.getMessage()));
        } catch (IOException | RuntimeException e) {
            found.subList(before, found.size()).clear();
            notes.add(new ImageComponents.Note(location, "not read as a Java archive: " + reason(e)));
        }
    }

    private void addComponents(String location, Map<String, Properties> poms, Map<String, List<String>> pomLicenses,
                               Manifest manifest, boolean outer) {
        List<String> manifestLicenses = manifest == null ? List.of() : licenses(manifest.getMainAttributes());
        boolean added = false;
        for (Map.Entry<String, Properties> p : poms.entrySet()) {
            String group = p.getValue().getProperty("groupId", "").strip();
            String artifact = p.getValue().getProperty("artifactId", "").strip();
            String version = p.getValue().getProperty("version", "").strip();
            if (group.isEmpty() || artifact.isEmpty() || version.isEmpty() || version.contains("${")) {
                continue;
            }
            List<String> licenses = pomLicenses.getOrDefault(p.getKey(), List.of());
            if (licenses.isEmpty() && poms.size() == 1) {
                licenses = manifestLicenses;
            }
            found.add(new Component(Ecosystem.MAVEN, group, artifact, version, licenses, location, null));
            added = true;
        }
        if (!added && manifest != null) {
            Attributes a = manifest.getMainAttributes();
            String title = value(a, "Implementation-Title");
            String version = value(a, "Implementation-Version");
            if (title == null || version == null) {
                String symbolic = value(a, "Bundle-SymbolicName");
                title = symbolic == null ? null : symbolic.replaceAll(";.*", "").strip();
                version = value(a, "Bundle-Version");
            }
            if (title != null && !title.isEmpty() && version != null) {
                Component c = new Component(Ecosystem.MAVEN, value(a, "Implementation-Vendor-Id"), title, version,
                        manifestLicenses, location, null);
                if (outer) {
                    byManifest = c;
                } else {
                    found.add(c);
                }
            }
        }
    }

    private static List<String> licenses(Attributes a) {
        String declared = DeclaredLicenses.normalize(value(a, "Bundle-License"));
        return declared == null ? List.of() : List.of(declared.replaceAll("[;,].*", "").strip());
    }

    private static String value(Attributes a, String name) {
        String v = a.getValue(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Manifest manifest(byte[] bytes) throws IOException {
        return new Manifest(new ByteArrayInputStream(bytes));
    }

    private static Properties properties(byte[] bytes) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.StringReader(new String(bytes, StandardCharsets.ISO_8859_1)));
        return p;
    }

    static String reason(Exception e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replaceAll("\\p{Cntrl}", "?");
    }

    /** The {@code <licenses><license><name>} of a pom, parsed without DTDs or external entities. */
    static final class PomLicenses {
        private PomLicenses() {
        }

        static List<String> of(byte[] pom) {
            try {
                return MavenPoms.read(pom).licenses;
            } catch (XMLStreamException | IOException | RuntimeException e) {
                return List.of(); // a pom we cannot parse (or nested too deep) only loses its licences
            }
        }
    }
}

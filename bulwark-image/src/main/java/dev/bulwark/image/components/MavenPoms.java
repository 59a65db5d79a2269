package dev.bulwark.image.components;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A Maven pom beside a Java archive names it: {@code NAME.pom} next to {@code NAME.jar}, the layout of a Maven
 * repository and of {@code dependency:copy-dependencies} with {@code copyPom} (optionally {@code prependGroupId}).
 * That is how an image names jars that carry no {@code pom.properties} of their own (BouncyCastle, picocli, CEL, the
 * PostgreSQL driver, …), whose manifests give no Maven group. The pom must describe the jar: {@code NAME} is
 * {@code artifactId-version} or {@code groupId.artifactId-version}, and the jar's name is {@code NAME} or
 * {@code NAME-classifier}. A pom that inherits its group or version takes its parent's; one whose coordinates hold a
 * property ({@code ${…}}) names nothing.
 */
final class MavenPoms {
    /** Deeper than this, a pom is not read: a real one nests about five levels. */
    static final int MAX_DEPTH = 64;
    /** The deepest field read ({@code project/licenses/license/name}). */
    private static final int NAMED_DEPTH = 4;

    /** A pom's coordinates and declared licences. */
    record Pom(String group, String artifact, String version, List<String> licenses) {
        Pom {
            licenses = List.copyOf(licenses);
        }

        /** Whether {@code base}, a file name without {@code .pom}, is this pom's name in a repository or a lib/. */
        boolean namedBy(String base) {
            String av = artifact + "-" + version;
            return base.equals(av) || base.equals(group + "." + av);
        }
    }

    private MavenPoms() {
    }

    static boolean isPom(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".pom");
    }

    /**
     * The poms that may stand beside the archive at {@code archive}: {@code /d/a-1.jar} → {@code /d/a-1.pom},
     * then the name cut at each {@code -}, longest first, since a classifier may hold dashes ({@code x-4.1-linux-x86_64.jar}
     * → {@code x-4.1.pom}); {@link #name} keeps only a pom whose coordinates are its file name.
     */
    static List<String> candidates(String archive) {
        int dot = archive.lastIndexOf('.');
        int slash = archive.lastIndexOf('/');
        String base = archive.substring(0, dot);
        List<String> out = new ArrayList<>(List.of(base + ".pom"));
        for (int dash = base.lastIndexOf('-'); dash > slash + 1; dash = base.lastIndexOf('-', dash - 1)) {
            out.add(base.substring(0, dash) + ".pom");
        }
        return out;
    }

    /** The component the pom at {@code pomPath} names for the archive at {@code archive}, or null. */
    static Component name(Pom pom, String pomPath, String archive) {
        String pomBase = pomPath.substring(pomPath.lastIndexOf('/') + 1, pomPath.length() - ".pom".length());
        String jarBase = archive.substring(archive.lastIndexOf('/') + 1, archive.lastIndexOf('.'));
        if (pom == null || !pom.namedBy(pomBase) || !(jarBase.equals(pomBase) || jarBase.startsWith(pomBase + "-"))) {
            return null;
        }
        return new Component(Ecosystem.MAVEN, pom.group(), pom.artifact(), pom.version(), pom.licenses(), archive, null);
    }

    /**
     * The coordinates of a pom, parsed without DTDs or external entities; null when it has no usable ones.
     *
     * @throws Bounded.LimitException when its elements nest more than {@link #MAX_DEPTH} deep (no real pom does)
     */
    static Pom parse(byte[] bytes) throws Bounded.LimitException {
        Fields f;
        try {
            f = read(bytes);
        } catch (XMLStreamException | RuntimeException e) {
            return null;
        }
        String group = f.group == null ? f.parentGroup : f.group;
        String version = f.version == null ? f.parentVersion : f.version;
        if (!usable(group) || !usable(f.artifact) || !usable(version)) {
            return null;
        }
        return new Pom(group, f.artifact, version, f.licenses);
    }

    /** What one pass over a pom finds: its coordinates, its parent's, and its licence names. */
    static final class Fields {
        String group;
        String parentGroup;
        String artifact;
        String version;
        String parentVersion;
        final List<String> licenses = new ArrayList<>();
    }

    /**
     * Reads the fields of a pom in one pass. Only element names down to {@link #NAMED_DEPTH} levels are kept (the
     * fields read are no deeper), and a pom nested deeper than {@link #MAX_DEPTH} is refused, so a hostile pom costs
     * time linear in its size.
     */
    static Fields read(byte[] bytes) throws XMLStreamException, Bounded.LimitException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
        Fields f = new Fields();
        String[] names = new String[NAMED_DEPTH];
        int depth = 0;
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamReader.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamReader.START_ELEMENT) {
                    if (++depth > MAX_DEPTH) {
                        throw new Bounded.LimitException("elements nested more than " + MAX_DEPTH + " deep");
                    }
                    if (depth <= NAMED_DEPTH) {
                        names[depth - 1] = r.getLocalName();
                        if (field(f, String.join("/", java.util.Arrays.asList(names).subList(0, depth)), r)) {
                            depth--; // the element's text was read up to and including its end
                        }
                    }
                }
            }
        } finally {
            r.close();
        }
        return f;
    }

    /** Reads the element {@code r} is at into {@code f} when {@code at} is a field; whether it did. */
    private static boolean field(Fields f, String at, XMLStreamReader r) throws XMLStreamException {
        switch (at) {
            case "project/groupId" -> f.group = r.getElementText().strip();
            case "project/artifactId" -> f.artifact = r.getElementText().strip();
            case "project/version" -> f.version = r.getElementText().strip();
            case "project/parent/groupId" -> f.parentGroup = r.getElementText().strip();
            case "project/parent/version" -> f.parentVersion = r.getElementText().strip();
            case "project/licenses/license/name" -> {
                String name = DeclaredLicenses.normalize(r.getElementText());
                if (name != null) {
                    f.licenses.add(name);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean usable(String s) {
        return s != null && !s.isEmpty() && !s.contains("${") && s.codePoints().noneMatch(Character::isWhitespace);
    }
}

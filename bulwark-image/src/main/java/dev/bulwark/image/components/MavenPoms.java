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

    /** The pom beside the archive at {@code archive} ({@code /d/a-1.jar} → {@code /d/a-1.pom}, or without a classifier). */
    static List<String> candidates(String archive) {
        int dot = archive.lastIndexOf('.');
        int slash = archive.lastIndexOf('/');
        String base = archive.substring(0, dot);
        List<String> out = new ArrayList<>(List.of(base + ".pom"));
        int dash = base.lastIndexOf('-');
        if (dash > slash) {
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

    /** The coordinates of a pom, parsed without DTDs or external entities; null when it has no usable ones. */
    static Pom parse(byte[] bytes) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        String group = null;
        String parentGroup = null;
        String artifact = null;
        String version = null;
        String parentVersion = null;
        List<String> path = new ArrayList<>();
        try {
            XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(bytes));
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamReader.START_ELEMENT) {
                    path.add(r.getLocalName());
                    String at = String.join("/", path);
                    String text = switch (at) {
                        case "project/groupId", "project/artifactId", "project/version", "project/parent/groupId",
                             "project/parent/version" -> r.getElementText().strip();
                        default -> null;
                    };
                    if (text != null) {
                        path.remove(path.size() - 1);
                        switch (at) {
                            case "project/groupId" -> group = text;
                            case "project/artifactId" -> artifact = text;
                            case "project/version" -> version = text;
                            case "project/parent/groupId" -> parentGroup = text;
                            default -> parentVersion = text;
                        }
                    }
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    path.remove(path.size() - 1);
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            return null;
        }
        group = group == null ? parentGroup : group;
        version = version == null ? parentVersion : version;
        if (!usable(group) || !usable(artifact) || !usable(version)) {
            return null;
        }
        return new Pom(group, artifact, version, JavaArchives.PomLicenses.of(bytes));
    }

    private static boolean usable(String s) {
        return s != null && !s.isEmpty() && !s.contains("${") && s.codePoints().noneMatch(Character::isWhitespace);
    }
}

package dev.bulwark.image.components;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One language component found in an image's files: a Maven artifact in a Java archive, a Python distribution's
 * metadata, or an npm package's {@code package.json}. {@code namespace} is the Maven group or the npm scope
 * ({@code @scope}), null for PyPI and unscoped npm packages. {@code licenses} are as declared (an SPDX id or
 * expression where the metadata gives one, else the declared name). {@code location} is the path in the image the
 * component came from; inside an archive it is {@code /outer.jar!/inner.jar!/META-INF/maven/.../pom.properties}-style,
 * each {@code !/} stepping into an archive. {@code debianPackage} names the dpkg package that owns the file at the
 * outermost path, null when no package does.
 */
public record Component(Ecosystem ecosystem, String namespace, String name, String version, List<String> licenses,
                        String location, String debianPackage) {

    public Component {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(location, "location");
        if (name == null || name.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException("a " + ecosystem.osvName() + " component needs a name and a version ("
                    + location + ")");
        }
        if (namespace != null && namespace.isBlank()) {
            namespace = null;
        }
        licenses = List.copyOf(licenses);
    }

    /** The name OSV records use: {@code group:artifact} for Maven, {@code @scope/name} for npm, the name for PyPI. */
    public String osvName() {
        if (namespace == null) {
            return name;
        }
        return ecosystem == Ecosystem.MAVEN ? namespace + ":" + name : namespace + "/" + name;
    }

    /** The file in the image that holds the component: the location up to its first {@code !/}. */
    public String file() {
        int bang = location.indexOf("!/");
        return bang < 0 ? location : location.substring(0, bang);
    }

    /** The same component, owned by a Debian package. */
    public Component ownedBy(String debianPackage) {
        return new Component(ecosystem, namespace, name, version, licenses, location, debianPackage);
    }

    /**
     * The package URL (purl-spec): {@code pkg:maven/group/artifact@version}, {@code pkg:pypi/name@version} with the
     * PEP 503 name, {@code pkg:npm/%40scope/name@version}.
     */
    public String purl() {
        StringBuilder sb = new StringBuilder("pkg:").append(ecosystem.purlType()).append('/');
        if (namespace != null) {
            sb.append(encode(namespace)).append('/');
        }
        String n = ecosystem == Ecosystem.PYPI ? ecosystem.normalize(name) : name;
        return sb.append(encode(n)).append('@').append(encode(version)).toString();
    }

    /** Percent-encodes everything but the purl spec's unreserved characters. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}

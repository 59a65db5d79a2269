package dev.bulwark.image;

import dev.bulwark.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one builder of the package URLs (https://github.com/package-url/purl-spec) Bulwark gives Debian packages and
 * images, as DESIGN names them: {@code pkg:deb/debian/<name>@<version>?arch=<arch>&distro=debian-<major>} (a
 * source package: {@code arch=source}) and {@code pkg:oci/<name>@sha256%3A<hex>}. SBOMs, provenance, scan reports
 * and VEX all use it, so one package or image has one purl everywhere.
 */
public final class Purls {

    private Purls() {
    }

    /** A binary package; {@code distro} is {@code debian-<major>}, e.g. {@code debian-12}. */
    public static String deb(String name, String version, String arch, String debianMajor) {
        return "pkg:deb/debian/" + encode(name) + "@" + encode(version) + "?arch=" + encode(arch)
                + "&distro=debian-" + encode(debianMajor);
    }

    public static String deb(String name, String version, String arch, int debianMajor) {
        return deb(name, version, arch, Integer.toString(debianMajor));
    }

    /** A source package: {@code arch=source}. */
    public static String debSource(String source, String version, String debianMajor) {
        return deb(source, version, "source", debianMajor);
    }

    /** An image by digest; the name is {@link #imageName} of {@code reference}. */
    public static String oci(String reference, Digest digest) {
        return oci(reference, digest.toString());
    }

    public static String oci(String reference, String digest) {
        return "pkg:oci/" + imageName(reference) + "@" + encode(digest);
    }

    /**
     * The purl name of an image: the last path component of a reference or name, without transport, tag, digest or
     * archive extension, lower-cased, other characters than {@code [a-z0-9._-]} made '-':
     * {@code oci:out/python3:latest}, {@code 127.0.0.1:5000/team/python3@sha256:…} and {@code python3} all give
     * {@code python3}.
     */
    public static String imageName(String reference) {
        String rest = reference.replaceFirst("^(oci|oci-archive|docker-archive|docker):(//)?", "");
        int colon = rest.indexOf(':', Math.max(0, rest.lastIndexOf('/')));
        int at = rest.indexOf('@');
        int end = Math.min(colon < 0 ? rest.length() : colon, at < 0 ? rest.length() : at);
        String path = rest.substring(0, end);
        String name = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.(tar|tar\\.gz|tgz)$", "");
        name = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return name.isEmpty() ? "image" : name;
    }

    /** Percent-encodes everything but the purl spec's unreserved characters (so ':' and '+' become %3A, %2B). */
    public static String encode(String s) {
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

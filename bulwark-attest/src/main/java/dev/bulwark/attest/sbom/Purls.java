package dev.bulwark.attest.sbom;

import dev.bulwark.oci.Digest;

import java.nio.charset.StandardCharsets;

/** Package URLs (https://github.com/package-url/purl-spec) for Debian packages and OCI images. */
public final class Purls {

    private Purls() {
    }

    public static String deb(String name, String version, String arch, int debianMajor) {
        return "pkg:deb/debian/" + encode(name) + "@" + encode(version) + "?arch=" + encode(arch)
                + "&distro=debian-" + debianMajor;
    }

    /** {@code pkg:oci/<last path segment>@sha256%3A<hex>}, the digest being what identifies the image. */
    public static String oci(String name, Digest digest) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        if (colon >= 0) {
            last = last.substring(0, colon);
        }
        return "pkg:oci/" + encode(last.toLowerCase(java.util.Locale.ROOT)) + "@" + encode(digest.toString());
    }

    /** Percent-encodes everything but the purl spec's unreserved characters (so ':' and '+' become %3A, %2B). */
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

package dev.bulwark.image.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * npm packages from {@code node_modules/<name>/package.json} and {@code node_modules/@scope/<name>/package.json}
 * (other {@code package.json} files inside a package are not packages); the licence from {@code license}, or the
 * older {@code license: {type}} and {@code licenses: [{type}]} forms.
 */
final class NpmPackages {
    static final int MAX_MANIFEST = 1 << 20;
    private static final Pattern PACKAGE_JSON = Pattern.compile(".*/node_modules/(@[^/]+/)?[^/@][^/]*/package\\.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NpmPackages() {
    }

    static boolean isManifest(String path) {
        return PACKAGE_JSON.matcher(path).matches();
    }

    /** The package {@code bytes} describe, or null when they are not JSON with a name and version. */
    static Component parse(byte[] bytes, String location) throws IOException {
        JsonNode root = MAPPER.readTree(bytes);
        if (root == null || !root.isObject()) {
            return null;
        }
        String name = root.path("name").asText("");
        String version = root.path("version").asText("");
        if (name.isEmpty() || version.isEmpty()) {
            return null;
        }
        String scope = null;
        if (name.startsWith("@") && name.indexOf('/') > 1) {
            scope = name.substring(0, name.indexOf('/'));
            name = name.substring(name.indexOf('/') + 1);
        }
        List<String> licenses = new ArrayList<>();
        JsonNode license = root.path("license");
        if (license.isTextual()) {
            add(licenses, license.asText());
        } else if (license.isObject()) {
            add(licenses, license.path("type").asText(""));
        }
        if (licenses.isEmpty()) {
            for (JsonNode l : root.path("licenses")) {
                add(licenses, l.isTextual() ? l.asText() : l.path("type").asText(""));
            }
        }
        return name.isEmpty() ? null : new Component(Ecosystem.NPM, scope, name, version, licenses, location, null);
    }

    private static void add(List<String> licenses, String declared) {
        String l = DeclaredLicenses.normalize(declared);
        if (l != null) {
            licenses.add(l);
        }
    }
}

package dev.bulwark.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The licences an SPDX 2.3 SBOM declares per package ({@code licenseDeclared}, from each package's copyright
 * file), keyed {@code name=version}. The catalog records packages without licences; the build's SBOM is where
 * they are stated.
 */
final class SbomLicences {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SbomLicences() {
    }

    static Map<String, String> read(byte[] spdxJson) throws IOException {
        JsonNode doc = JSON.readTree(spdxJson);
        JsonNode packages = doc == null ? null : doc.get("packages");
        if (packages == null || !packages.isArray()) {
            throw new IOException("it is not an SPDX document: no packages array");
        }
        Map<String, String> out = new HashMap<>();
        for (JsonNode p : packages) {
            String name = p.path("name").asText("");
            String version = p.path("versionInfo").asText("");
            String declared = p.path("licenseDeclared").asText("");
            if (!name.isEmpty() && !declared.isEmpty()) {
                out.putIfAbsent(name + "=" + version, declared);
            }
        }
        return out;
    }
}

package dev.bulwark.scan.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.image.ImageException;
import dev.bulwark.image.components.Component;
import dev.bulwark.image.components.ComponentFinder;
import dev.bulwark.image.components.Ecosystem;
import dev.bulwark.image.components.ImageComponents;
import dev.bulwark.oci.image.Image;
import dev.bulwark.scan.ScanException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds an image's language components to its scan target. With a cache directory they are kept beside the dpkg
 * inputs ({@code scan-inputs/<digest>.components.json}), written only after every layer was read through its checked
 * stream, so a warm scan reads no layer for them either.
 */
final class ComponentTargets {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ComponentTargets() {
    }

    static ScanTarget with(ScanTarget target, Image image) throws ScanException {
        try {
            return target.withComponents(ComponentFinder.find(image));
        } catch (ImageException e) {
            throw new ScanException(e.kind(), "cannot scan " + target.name() + ": " + e.getMessage(), e);
        }
    }

    static ScanTarget with(ScanTarget target, Image image, Path cacheDir) throws ScanException {
        Path cached = cacheDir.resolve("scan-inputs").resolve(image.digest().toString().replace(':', '-')
                + ".components.json");
        try {
            if (Files.isRegularFile(cached)) {
                try {
                    return target.withComponents(parse(MAPPER.readTree(Files.readAllBytes(cached))));
                } catch (java.nio.file.NoSuchFileException e) {
                    // pruned between the look and the read (bulwark cache prune): a miss, found again below
                }
            }
            ScanTarget found = with(target, image);
            Files.createDirectories(cached.getParent());
            Path temp = dev.bulwark.core.TempFiles.createFile(cached.getParent(), "scan-components");
            try {
                Files.write(temp, MAPPER.writeValueAsBytes(json(found.components())));
                dev.bulwark.core.TempFiles.replace(temp, cached);
            } finally {
                Files.deleteIfExists(temp);
            }
            return found;
        } catch (IOException | RuntimeException e) {
            throw new ScanException(Kind.ENVIRONMENT, "cannot use the scan cache " + cached + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode json(ImageComponents found) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode cs = root.putArray("components");
        for (Component c : found.components()) {
            ObjectNode n = cs.addObject().put("ecosystem", c.ecosystem().name()).put("namespace", c.namespace())
                    .put("name", c.name()).put("version", c.version()).put("location", c.location())
                    .put("debianPackage", c.debianPackage());
            c.licenses().forEach(n.putArray("licenses")::add);
        }
        ArrayNode notes = root.putArray("notes");
        found.notes().forEach(n -> notes.addObject().put("path", n.path()).put("message", n.message()));
        return root;
    }

    private static ImageComponents parse(JsonNode root) {
        List<Component> cs = new ArrayList<>();
        for (JsonNode n : root.path("components")) {
            List<String> licenses = new ArrayList<>();
            n.path("licenses").forEach(l -> licenses.add(l.asText()));
            cs.add(new Component(Ecosystem.valueOf(n.path("ecosystem").asText()), text(n, "namespace"),
                    n.path("name").asText(), n.path("version").asText(), licenses, n.path("location").asText(),
                    text(n, "debianPackage")));
        }
        List<ImageComponents.Note> notes = new ArrayList<>();
        root.path("notes").forEach(n -> notes.add(new ImageComponents.Note(n.path("path").asText(),
                n.path("message").asText())));
        return new ImageComponents(cs, notes);
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.path(field).asText() : null;
    }
}

package dev.bulwark.attest.sbom;

import dev.bulwark.image.Purls;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.attest.internal.Json;
import dev.bulwark.image.components.Component;
import dev.bulwark.image.components.DeclaredLicenses;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CycloneDX 1.6 JSON: the image as {@code metadata.component}, every Debian package a library component, and every
 * language component found in its files one library component per purl whose {@code evidence.occurrences} list each
 * path it was found at (inside archives, {@code outer.jar!/inner.jar}); a file a Debian package owns says so in a
 * {@code bulwark:deb:package} property.
 */
final class CycloneDxWriter {
    private static final String IMAGE_REF = "image";

    private CycloneDxWriter() {
    }

    static byte[] write(SbomDocument doc) {
        ObjectNode root = Json.object();
        root.put("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        root.put("bomFormat", "CycloneDX");
        root.put("specVersion", "1.6");
        UUID serial = UUID.nameUUIDFromBytes(("cyclonedx:" + doc.subject().digest()).getBytes(StandardCharsets.UTF_8));
        root.put("serialNumber", "urn:uuid:" + serial);
        root.put("version", 1);
        ObjectNode meta = root.putObject("metadata");
        meta.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(doc.created()));
        meta.putObject("tools").putArray("components").addObject().put("type", "application")
                .put("name", "bulwark").put("version", doc.toolVersion());
        ObjectNode image = meta.putObject("component");
        image.put("bom-ref", IMAGE_REF);
        image.put("type", "container");
        image.put("name", doc.subject().name());
        image.put("version", doc.subject().digest().toString());
        image.putArray("hashes").addObject().put("alg", "SHA-256").put("content", doc.subject().digest().hex());
        image.put("purl", Purls.oci(doc.subject().name(), doc.subject().digest()));

        ArrayNode components = root.putArray("components");
        Map<String, String> refs = new HashMap<>();
        for (SbomPackage p : doc.packages()) {
            refs.put(p.name(), p.purl(doc.debianMajor()));
            components.add(component(p, doc.debianMajor()));
        }
        Map<String, List<Component>> byPurl = new java.util.TreeMap<>();
        doc.components().components().forEach(c -> byPurl.computeIfAbsent(c.purl(), k -> new java.util.ArrayList<>()).add(c));
        byPurl.values().forEach(cs -> components.add(component(cs)));
        if (!doc.components().notes().isEmpty()) {
            ArrayNode props = meta.putArray("properties");
            SbomComponents.notes(doc.components()).forEach(n -> props.addObject()
                    .put("name", "bulwark:components:not-read").put("value", n));
        }
        ArrayNode deps = root.putArray("dependencies");
        ArrayNode top = deps.addObject().put("ref", IMAGE_REF).putArray("dependsOn");
        doc.packages().forEach(p -> top.add(refs.get(p.name())));
        byPurl.keySet().forEach(top::add);
        for (SbomPackage p : doc.packages()) {
            ArrayNode on = deps.addObject().put("ref", refs.get(p.name())).putArray("dependsOn");
            p.dependsOn().stream().filter(refs::containsKey).forEach(d -> on.add(refs.get(d)));
        }
        byPurl.keySet().forEach(purl -> deps.addObject().put("ref", purl).putArray("dependsOn"));
        return Json.pretty(root);
    }

    /** One language component; {@code found} are its occurrences (same purl), sorted by location. */
    private static ObjectNode component(List<Component> found) {
        Component c = found.get(0);
        ObjectNode n = Json.object();
        n.put("bom-ref", c.purl());
        n.put("type", "library");
        if (c.namespace() != null) {
            n.put("group", c.namespace());
        }
        n.put("name", c.name());
        n.put("version", c.version());
        if (!c.licenses().isEmpty()) {
            n.set("licenses", componentLicenses(c.licenses()));
        }
        n.put("purl", c.purl());
        ArrayNode occurrences = n.putObject("evidence").putArray("occurrences");
        found.forEach(o -> occurrences.addObject().put("location", o.location())
                .put("additionalContext", SbomComponents.foundBy(o)));
        List<String> owners = found.stream().map(Component::debianPackage).filter(o -> o != null).distinct().toList();
        if (!owners.isEmpty()) {
            ArrayNode props = n.putArray("properties");
            owners.forEach(o -> props.addObject().put("name", "bulwark:deb:package").put("value", o));
        }
        return n;
    }

    /**
     * One SPDX expression when there is exactly one and it is compound, else each licence by id when it is a
     * well-known SPDX id and by name otherwise (CycloneDX's {@code license.id} must be on the SPDX list, which a
     * declared name may not be; a compound expression cannot sit beside other licences).
     */
    private static ArrayNode componentLicenses(List<String> licenses) {
        ArrayNode out = Json.mapper().createArrayNode();
        if (licenses.size() == 1 && licenses.get(0).contains(" ") && DeclaredLicenses.isSpdxExpression(licenses.get(0))) {
            out.addObject().put("expression", licenses.get(0));
        } else {
            licenses.forEach(l -> out.addObject().putObject("license").put(DeclaredLicenses.isKnownId(l) ? "id" : "name", l));
        }
        return out;
    }

    private static ObjectNode component(SbomPackage p, int major) {
        ObjectNode c = Json.object();
        c.put("bom-ref", p.purl(major));
        c.put("type", "library");
        if (p.maintainer() != null) {
            c.putObject("supplier").put("name", p.maintainer());
        }
        c.put("name", p.name());
        c.put("version", p.version());
        if (p.debSha256() != null) {
            c.putArray("hashes").addObject().put("alg", "SHA-256").put("content", p.debSha256());
        }
        if (!p.licenses().isEmpty()) {
            c.set("licenses", licenses(p.licenses()));
        }
        c.put("purl", p.purl(major));
        if (p.homepage() != null) {
            c.putArray("externalReferences").addObject().put("type", "website").put("url", p.homepage());
        }
        ArrayNode props = c.putArray("properties");
        props.addObject().put("name", "bulwark:deb:architecture").put("value", p.architecture());
        props.addObject().put("name", "bulwark:deb:source").put("value", p.sourceName());
        props.addObject().put("name", "bulwark:deb:source-version").put("value", p.sourceVersion());
        return c;
    }

    /**
     * Simple ids as {@code license.id} ({@code license.name} for LicenseRefs, which CycloneDX's id enum lacks);
     * anything compound as one SPDX {@code expression}, since CycloneDX allows only one expression.
     */
    private static ArrayNode licenses(List<String> expressions) {
        ArrayNode out = Json.mapper().createArrayNode();
        boolean simple = expressions.stream().noneMatch(e -> e.contains(" "));
        if (simple) {
            for (String id : expressions) {
                out.addObject().putObject("license").put(id.startsWith("LicenseRef-") ? "name" : "id", id);
            }
        } else {
            out.addObject().put("expression", SpdxWriter.declared(expressions));
        }
        return out;
    }
}

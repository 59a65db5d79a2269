package dev.bulwark.attest.sbom;

import dev.bulwark.image.Purls;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.attest.internal.Json;
import dev.bulwark.image.components.Component;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SPDX 2.3 JSON: the image as the described package, which CONTAINS every Debian package and every language
 * component found in its files. A component is one package per place it was found: {@code packageFileName} is that
 * path in the image (inside archives, {@code outer.jar!/inner.jar}) and {@code sourceInfo} says what metadata named
 * it; when a Debian package owns the file, that package CONTAINS it too.
 */
final class SpdxWriter {
    private static final String NOASSERTION = "NOASSERTION";
    private static final String IMAGE_ID = "SPDXRef-Image";
    private static final Pattern LICENSE_REF = Pattern.compile("LicenseRef-[A-Za-z0-9.-]+");

    private SpdxWriter() {
    }

    static byte[] write(SbomDocument doc) {
        ObjectNode root = Json.object();
        root.put("spdxVersion", "SPDX-2.3");
        root.put("dataLicense", "CC0-1.0");
        root.put("SPDXID", "SPDXRef-DOCUMENT");
        root.put("name", doc.subject().name() + "@" + doc.subject().digest());
        root.put("documentNamespace", namespace(doc));
        ObjectNode creation = root.putObject("creationInfo");
        creation.put("created", DateTimeFormatter.ISO_INSTANT.format(doc.created()));
        creation.putArray("creators").add("Tool: bulwark-" + doc.toolVersion());
        if (!doc.components().notes().isEmpty()) {
            creation.put("comment", "Not read for components: " + String.join("; ", SbomComponents.notes(doc.components())));
        }

        ArrayNode packages = root.putArray("packages");
        packages.add(imagePackage(doc));
        Map<String, String> ids = new HashMap<>();
        Map<String, String> refs = new LinkedHashMap<>();
        for (SbomPackage p : doc.packages()) {
            ids.put(p.name(), spdxId(p));
            packages.add(debPackage(p, doc.debianMajor(), refs));
        }
        Map<String, String> componentRefs = new LinkedHashMap<>();
        for (Component c : doc.components().components()) {
            packages.add(componentPackage(c, componentRefs));
        }
        if (!refs.isEmpty() || !componentRefs.isEmpty()) {
            ArrayNode extracted = root.putArray("hasExtractedLicensingInfos");
            refs.forEach((id, pkg) -> extracted.addObject().put("licenseId", id)
                    .put("name", id.substring("LicenseRef-".length()))
                    .put("extractedText", "See /usr/share/doc/" + pkg + "/copyright in the image."));
            componentRefs.forEach((id, declared) -> {
                if (!refs.containsKey(id)) {
                    extracted.addObject().put("licenseId", id).put("name", declared)
                            .put("extractedText", "The package metadata names this licence only as: " + declared);
                }
            });
        }
        ArrayNode rels = root.putArray("relationships");
        relation(rels, "SPDXRef-DOCUMENT", "DESCRIBES", IMAGE_ID);
        for (SbomPackage p : doc.packages()) {
            relation(rels, IMAGE_ID, "CONTAINS", spdxId(p));
        }
        for (SbomPackage p : doc.packages()) {
            for (String dep : p.dependsOn()) {
                if (ids.containsKey(dep)) {
                    relation(rels, spdxId(p), "DEPENDS_ON", ids.get(dep));
                }
            }
        }
        for (Component c : doc.components().components()) {
            relation(rels, IMAGE_ID, "CONTAINS", componentId(c));
            if (c.debianPackage() != null && ids.containsKey(c.debianPackage())) {
                relation(rels, ids.get(c.debianPackage()), "CONTAINS", componentId(c));
            }
        }
        return Json.pretty(root);
    }

    private static ObjectNode componentPackage(Component c, Map<String, String> licenseRefs) {
        ObjectNode p = Json.object();
        p.put("name", c.osvName());
        p.put("SPDXID", componentId(c));
        p.put("versionInfo", c.version());
        p.put("packageFileName", c.location());
        p.put("downloadLocation", NOASSERTION);
        p.put("filesAnalyzed", false);
        p.put("sourceInfo", "acquired package info from " + SbomComponents.foundBy(c) + " at " + c.location()
                + (c.debianPackage() == null ? "" : ", a file of Debian package " + c.debianPackage()));
        p.put("licenseConcluded", NOASSERTION);
        java.util.List<String> licenses = new java.util.ArrayList<>();
        for (String l : c.licenses()) {
            if (SbomComponents.spdx(l)) {
                licenses.add(l);
            } else {
                String ref = SbomComponents.licenseRef(l);
                licenseRefs.putIfAbsent(ref, l);
                licenses.add(ref);
            }
        }
        p.put("licenseDeclared", declared(licenses));
        p.put("copyrightText", NOASSERTION);
        p.putArray("externalRefs").addObject().put("referenceCategory", "PACKAGE-MANAGER")
                .put("referenceType", "purl").put("referenceLocator", c.purl());
        p.put("primaryPackagePurpose", "LIBRARY");
        return p;
    }

    static String componentId(Component c) {
        return "SPDXRef-Package-" + c.ecosystem().purlType() + "-" + sanitize(c.name()) + "-"
                + SbomComponents.occurrenceId(c);
    }

    private static ObjectNode imagePackage(SbomDocument doc) {
        ObjectNode p = Json.object();
        p.put("name", doc.subject().name());
        p.put("SPDXID", IMAGE_ID);
        p.put("versionInfo", doc.subject().digest().toString());
        p.put("primaryPackagePurpose", "CONTAINER");
        p.put("downloadLocation", NOASSERTION);
        p.put("filesAnalyzed", false);
        p.putArray("checksums").addObject().put("algorithm", "SHA256")
                .put("checksumValue", doc.subject().digest().hex());
        p.put("licenseConcluded", NOASSERTION);
        p.put("licenseDeclared", NOASSERTION);
        p.put("copyrightText", NOASSERTION);
        p.putArray("externalRefs").addObject().put("referenceCategory", "PACKAGE-MANAGER")
                .put("referenceType", "purl").put("referenceLocator", Purls.oci(doc.subject().name(), doc.subject().digest()));
        return p;
    }

    private static ObjectNode debPackage(SbomPackage pkg, int major, Map<String, String> licenseRefs) {
        ObjectNode p = Json.object();
        p.put("name", pkg.name());
        p.put("SPDXID", spdxId(pkg));
        p.put("versionInfo", pkg.version());
        p.put("supplier", pkg.maintainer() == null ? NOASSERTION : supplier(pkg.maintainer()));
        p.put("downloadLocation", NOASSERTION);
        p.put("filesAnalyzed", false);
        if (pkg.debSha256() != null) {
            p.putArray("checksums").addObject().put("algorithm", "SHA256").put("checksumValue", pkg.debSha256());
        }
        if (pkg.homepage() != null) {
            p.put("homepage", pkg.homepage());
        }
        p.put("sourceInfo", "built package from: " + pkg.sourceName() + " " + pkg.sourceVersion());
        p.put("licenseConcluded", NOASSERTION);
        String declared = declared(pkg.licenses());
        p.put("licenseDeclared", declared);
        Matcher m = LICENSE_REF.matcher(declared);
        while (m.find()) {
            licenseRefs.putIfAbsent(m.group(), pkg.name());
        }
        p.put("copyrightText", NOASSERTION);
        p.putArray("externalRefs").addObject().put("referenceCategory", "PACKAGE-MANAGER")
                .put("referenceType", "purl").put("referenceLocator", pkg.purl(major));
        return p;
    }

    /** The conjunction of the package's expressions; those with OR are parenthesised. */
    static String declared(List<String> licenses) {
        if (licenses.isEmpty()) {
            return NOASSERTION;
        }
        if (licenses.size() == 1) {
            return licenses.get(0);
        }
        return String.join(" AND ", licenses.stream().map(l -> l.contains(" OR ") ? "(" + l + ")" : l).toList());
    }

    /** {@code Name <email>} as SPDX's {@code Organization: Name (email)}; Debian maintainers are often teams. */
    static String supplier(String maintainer) {
        String m = maintainer.trim();
        int lt = m.indexOf('<');
        int gt = m.indexOf('>', lt + 1);
        if (lt > 0 && gt > lt) {
            return "Organization: " + m.substring(0, lt).trim() + " (" + m.substring(lt + 1, gt).trim() + ")";
        }
        return "Organization: " + m;
    }

    static String spdxId(SbomPackage p) {
        return "SPDXRef-Package-deb-" + sanitize(p.name()) + "-" + sanitize(p.architecture());
    }

    private static String sanitize(String s) {
        return s.replace("+", "-plus-").replaceAll("[^A-Za-z0-9.-]", "-");
    }

    private static String namespace(SbomDocument doc) {
        String name = doc.subject().name().replaceAll("[^A-Za-z0-9._-]", "-");
        UUID uuid = UUID.nameUUIDFromBytes(("spdx:" + doc.subject().digest()).getBytes(StandardCharsets.UTF_8));
        return "https://spdx.org/spdxdocs/" + name + "-" + uuid;
    }

    private static void relation(ArrayNode rels, String from, String type, String to) {
        rels.addObject().put("spdxElementId", from).put("relationshipType", type).put("relatedSpdxElement", to);
    }
}

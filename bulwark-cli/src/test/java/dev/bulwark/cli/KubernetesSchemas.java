package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kubernetes' own OpenAPI definitions of the kinds deploy/kubernetes uses (test resource
 * {@code kubernetes/kubernetes-1.13-definitions.json}: the official v1.13.4 swagger.json as the npm package
 * kubernetes-client 9.0.0 ships it, trimmed by {@code trim-swagger.py} beside it; Apache-2.0), read as JSON Schema
 * by networknt's validator, strictly: an object may hold only the fields its definition lists, as kubeconform's
 * {@code -strict} does, so a misspelled field fails. Three adjustments, all from the Kubernetes API itself:
 * {@code IntOrString} is a string or an integer and {@code Quantity} a string or a number (how both are written in
 * YAML), and {@code seccompProfile} (added to the pod and container security contexts in 1.19, after this document)
 * is added with its two fields.
 */
final class KubernetesSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> KINDS = Map.of("v1/Namespace", "io.k8s.api.core.v1.Namespace",
            "v1/ConfigMap", "io.k8s.api.core.v1.ConfigMap", "v1/Secret", "io.k8s.api.core.v1.Secret",
            "v1/Service", "io.k8s.api.core.v1.Service", "apps/v1/Deployment", "io.k8s.api.apps.v1.Deployment");
    private static final ObjectNode DEFINITIONS = load();

    private KubernetesSchemas() {
    }

    /** The problems the schema of {@code object}'s apiVersion and kind finds in it (none: valid). */
    static Set<String> problems(JsonNode object) {
        String kind = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String definition = KINDS.get(kind);
        if (definition == null) {
            return Set.of("no schema for " + kind + " (the test knows " + new TreeSet<>(KINDS.keySet()) + ")");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("$ref", "#/definitions/" + definition);
        root.set("definitions", DEFINITIONS);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                .getSchema(root, SchemaValidatorsConfig.builder().build());
        Set<String> out = new TreeSet<>();
        for (ValidationMessage m : schema.validate(object)) {
            out.add(m.getMessage());
        }
        return out;
    }

    private static ObjectNode load() {
        try (InputStream in = KubernetesSchemas.class.getResourceAsStream("/kubernetes/kubernetes-1.13-definitions.json")) {
            if (in == null) {
                throw new IllegalStateException("kubernetes/kubernetes-1.13-definitions.json is not on the class path");
            }
            ObjectNode definitions = (ObjectNode) JSON.readTree(in).path("definitions");
            definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", types("string", "integer"));
            definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", types("string", "number"));
            ObjectNode seccomp = JSON.createObjectNode().put("type", "object");
            seccomp.putArray("required").add("type");
            seccomp.putObject("properties").set("type", JSON.createObjectNode().put("type", "string"));
            ((ObjectNode) seccomp.get("properties")).set("localhostProfile", JSON.createObjectNode().put("type", "string"));
            definitions.set("io.k8s.api.core.v1.SeccompProfile", seccomp);
            for (String context : new String[] {"io.k8s.api.core.v1.PodSecurityContext", "io.k8s.api.core.v1.SecurityContext"}) {
                ((ObjectNode) definitions.path(context).path("properties")).set("seccompProfile",
                        JSON.createObjectNode().put("$ref", "#/definitions/io.k8s.api.core.v1.SeccompProfile"));
            }
            for (Iterator<JsonNode> it = definitions.elements(); it.hasNext(); ) {
                JsonNode d = it.next();
                if (d.has("properties") && !d.has("additionalProperties")) {
                    ((ObjectNode) d).put("additionalProperties", false);
                }
            }
            return definitions;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Kubernetes definitions", e);
        }
    }

    private static ObjectNode types(String... types) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode list = node.putArray("type");
        for (String t : types) {
            list.add(t);
        }
        return node;
    }
}

package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/kubernetes offline: every file is in the kustomization and every object matches Kubernetes' schema for its
 * kind; every container runs non-root with a read-only root, no privilege escalation, no capabilities, the runtime's
 * seccomp profile, volumes where it writes, resources and a digest-pinned image; every Secret and ConfigMap key a pod
 * uses exists; Services select the Deployment they name on a port it opens; the server is probed on its health
 * endpoint; and every {@code bulwark} command line parses with the CLI's own model.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIR = Tools.projectRoot().resolve("deploy/kubernetes");

    /** Every object in the manifests, with the file it came from. */
    record Manifest(String file, JsonNode object) {
        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.path("metadata").path("name").asText();
        }
    }

    static List<Manifest> manifests() throws IOException {
        List<Manifest> out = new ArrayList<>();
        for (String file : resources()) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(DIR.resolve(file)))) {
                if (doc != null) {
                    out.add(new Manifest(file, JSON.valueToTree(doc)));
                }
            }
        }
        return out;
    }

    private static JsonNode kustomization() throws IOException {
        return JSON.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(DIR.resolve("kustomization.yaml"))));
    }

    private static List<String> resources() throws IOException {
        List<String> out = new ArrayList<>();
        kustomization().path("resources").forEach(r -> out.add(r.asText()));
        return out;
    }

    /** Each pod template (Deployments) with the manifest it is in. */
    static Map<Manifest, JsonNode> pods() throws IOException {
        Map<Manifest, JsonNode> out = new HashMap<>();
        for (Manifest m : manifests()) {
            if (m.kind().equals("Deployment")) {
                out.put(m, m.object().path("spec").path("template"));
            }
        }
        return out;
    }

    @Test
    void kustomization_listsEveryManifestFileAndSetsTheNamespace() throws Exception {
        List<String> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !n.equals("kustomization.yaml")).sorted().toList();
        }
        assertThat(resources()).containsExactlyInAnyOrderElementsOf(files);
        assertThat(kustomization().path("namespace").asText()).isEqualTo("bulwark");
        assertThat(manifests()).anyMatch(m -> m.kind().equals("Namespace") && m.name().equals("bulwark"));
    }

    @Test
    void everyObject_matchesKubernetesSchemaForItsKind() throws Exception {
        List<Manifest> all = manifests();
        assertThat(all).extracting(Manifest::kind).contains("Deployment", "Service", "Secret", "ConfigMap");
        for (Manifest m : all) {
            assertThat(KubernetesSchemas.problems(m.object())).as(m.file() + ": " + m.kind() + " " + m.name()).isEmpty();
        }
    }

    @Test
    void schema_catchesAMisspelledFieldAWrongTypeAndAMissingRequiredOne() throws Exception {
        JsonNode server = manifests().stream().filter(m -> m.name().equals("bulwark-server") && m.kind().equals("Deployment"))
                .findFirst().orElseThrow().object();
        ObjectNode misspelled = server.deepCopy();
        ((ObjectNode) misspelled.at("/spec/template/spec/securityContext")).put("runAsNonroot", true);
        assertThat(KubernetesSchemas.problems(misspelled)).anyMatch(p -> p.contains("runAsNonroot"));
        ObjectNode wrongType = server.deepCopy();
        ((ObjectNode) wrongType.at("/spec")).put("replicas", "two");
        assertThat(KubernetesSchemas.problems(wrongType)).anyMatch(p -> p.contains("replicas"));
        ObjectNode noContainers = server.deepCopy();
        ((ObjectNode) noContainers.at("/spec/template/spec")).remove("containers");
        assertThat(KubernetesSchemas.problems(noContainers)).anyMatch(p -> p.contains("containers"));
    }

    @Test
    void everyContainer_runsNonRootReadOnlyWithoutPrivilegesCapabilitiesOrAnUnpinnedImage() throws Exception {
        Map<Manifest, JsonNode> pods = pods();
        assertThat(pods).hasSize(3);
        pods.forEach((m, template) -> {
            JsonNode pod = template.path("spec");
            String where = m.file() + " " + m.name();
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(where).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).as(where).isEqualTo(10001);
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as(where)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(where).isFalse();
            for (JsonNode c : pod.path("containers")) {
                JsonNode sc = c.path("securityContext");
                String at = where + " container " + c.path("name").asText();
                assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(at).isFalse();
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(at).isTrue();
                assertThat(sc.path("runAsNonRoot").asBoolean()).as(at).isTrue();
                assertThat(sc.path("privileged").asBoolean()).as(at).isFalse();
                assertThat(sc.path("capabilities").path("drop").toString()).as(at).isEqualTo("[\"ALL\"]");
                assertThat(sc.path("capabilities").has("add")).as(at).isFalse();
                assertThat(c.path("image").asText()).as(at).matches("[^@\\s]+/bulwark@sha256:[0-9a-f]{64}");
                for (String r : new String[] {"requests", "limits"}) {
                    assertThat(c.path("resources").path(r).has("cpu") && c.path("resources").path(r).has("memory"))
                            .as(at + " resources." + r).isTrue();
                }
                for (String dir : new String[] {"/tmp", "/var/cache/bulwark", "/var/lib/bulwark"}) {
                    assertThat(emptyDirAt(pod, c, dir)).as(at + ": an emptyDir at " + dir).isTrue();
                }
            }
        });
    }

    private static boolean emptyDirAt(JsonNode pod, JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(mount.path("name").asText()) && v.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void everySecretAndConfigMapAPodUses_existsWithTheKeysItReads() throws Exception {
        Map<String, JsonNode> secrets = new HashMap<>();
        Map<String, JsonNode> configMaps = new HashMap<>();
        for (Manifest m : manifests()) {
            if (m.kind().equals("Secret")) {
                secrets.put(m.name(), m.object().has("stringData") ? m.object().path("stringData") : m.object().path("data"));
            } else if (m.kind().equals("ConfigMap")) {
                configMaps.put(m.name(), m.object().path("data"));
            }
        }
        List<String> used = new ArrayList<>();
        pods().forEach((m, template) -> {
            for (JsonNode ref : template.findValues("secretKeyRef")) {
                used.add(requireKey(secrets, "Secret", ref.path("name").asText(), ref.path("key").asText(), m));
            }
            for (JsonNode ref : template.findValues("configMapKeyRef")) {
                used.add(requireKey(configMaps, "ConfigMap", ref.path("name").asText(), ref.path("key").asText(), m));
            }
            for (JsonNode ref : template.findValues("configMapRef")) {
                assertThat(configMaps).as(m.file() + ": ConfigMap " + ref.path("name").asText()).containsKey(ref.path("name").asText());
            }
            for (JsonNode volume : template.path("spec").path("volumes")) {
                JsonNode secret = volume.path("secret");
                if (!secret.isMissingNode()) {
                    for (JsonNode item : secret.path("items")) {
                        used.add(requireKey(secrets, "Secret", secret.path("secretName").asText(), item.path("key").asText(), m));
                    }
                    assertThat(secret.path("defaultMode").asInt(0644) & 0007).as("others cannot read a secret").isZero();
                }
            }
        });
        assertThat(used).contains("bulwark-catalog/url", "bulwark-signing-key/cosign.key", "bulwark-signing-key/password",
                "bulwark-registry-auth/.dockerconfigjson");
    }

    private static String requireKey(Map<String, JsonNode> objects, String kind, String name, String key, Manifest m) {
        assertThat(objects).as(m.file() + " " + m.name() + ": " + kind + " " + name).containsKey(name);
        assertThat(objects.get(name).has(key)).as(m.file() + " " + m.name() + ": " + kind + " " + name + " key " + key).isTrue();
        return name + "/" + key;
    }

    @Test
    void everyService_selectsOneDeploymentOnAPortItsContainersOpen() throws Exception {
        List<Manifest> services = manifests().stream().filter(m -> m.kind().equals("Service")).toList();
        assertThat(services).isNotEmpty();
        Map<Manifest, JsonNode> pods = pods();
        pods.forEach((m, template) -> m.object().path("spec").path("selector").path("matchLabels").fields()
                .forEachRemaining(e -> assertThat(template.path("metadata").path("labels").path(e.getKey()).asText())
                        .as(m.name() + ": its selector matches its own pods").isEqualTo(e.getValue().asText())));
        for (Manifest service : services) {
            JsonNode selector = service.object().path("spec").path("selector");
            List<JsonNode> selected = pods.values().stream().filter(t -> matches(selector, t.path("metadata").path("labels")))
                    .toList();
            assertThat(selected).as("Service " + service.name() + " selects exactly one Deployment's pods").hasSize(1);
            for (JsonNode port : service.object().path("spec").path("ports")) {
                JsonNode target = port.path("targetPort");
                boolean open = false;
                for (JsonNode p : selected.get(0).path("spec").findValues("ports")) {
                    for (JsonNode cp : p) {
                        open |= target.isInt() ? cp.path("containerPort").asInt() == target.asInt()
                                : cp.path("name").asText().equals(target.asText());
                    }
                }
                assertThat(open).as("Service " + service.name() + " port " + port).isTrue();
            }
        }
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        boolean[] all = {selector.size() > 0};
        selector.fields().forEachRemaining(e -> all[0] &= labels.path(e.getKey()).asText().equals(e.getValue().asText()));
        return all[0];
    }

    @Test
    void server_listensWhereItsProbesPointAndIsReadyOnlyWhenItsCatalogAnswers() throws Exception {
        JsonNode container = pods().entrySet().stream().filter(e -> e.getKey().name().equals("bulwark-server"))
                .findFirst().orElseThrow().getValue().path("spec").path("containers").get(0);
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).startsWith("serve").contains("--listen");
        assertThat(args).as("TLS ends at the Ingress, so the dashboard cookie is marked Secure").contains("--secure-cookies");
        String listen = args.get(args.indexOf("--listen") + 1);
        assertThat(listen).isEqualTo(":" + container.path("ports").get(0).path("containerPort").asInt());
        String port = container.path("ports").get(0).path("name").asText();
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/api/v1/health");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo(port);
        // Liveness must not depend on the catalog: a database outage is answered with 503s, not restarts.
        assertThat(container.path("livenessProbe").has("httpGet")).isFalse();
        assertThat(container.path("livenessProbe").path("tcpSocket").path("port").asText()).isEqualTo(port);
    }

    @Test
    void everyBulwarkCommandLine_parsesWithTheCliModel() throws Exception {
        List<String> verbs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        pods().forEach((m, template) -> {
            for (JsonNode c : template.path("spec").path("containers")) {
                assertThat(c.has("command")).as("the image's entrypoint is the CLI").isFalse();
                List<String> args = new ArrayList<>();
                c.path("args").forEach(a -> args.add(a.asText()));
                assertThat(String.join(" ", args)).as("the catalog URL stays out of argv").doesNotContain("postgresql:");
                try {
                    BulwarkCommandLines.assertParses(args, m.file() + " " + m.name());
                } catch (AssertionError e) {
                    failures.add(e.getMessage());
                }
                verbs.add(args.get(0));
            }
        });
        assertThat(failures).isEmpty();
        assertThat(verbs).containsExactlyInAnyOrder("serve", "worker", "watch");
    }

    @Test
    void assertParses_failsOnAMisspelledFlag() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BulwarkCommandLines.assertParses(
                List.of("serve", "--listne", ":8080"), "test")).hasMessageContaining("--listne");
        BulwarkCommandLines.assertParses(List.of("serve", "--listen", ":8080"), "test");
    }
}

package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * examples/ci offline: the GitHub Actions workflow, the GitLab CI file and the Jenkinsfile have what their format
 * requires; each builds, gates (check with the example policy, test, scan --fail-on), signs and pushes, in that
 * order; secrets come from the CI's store; actions and tool images are pinned; and every {@code bulwark} command in
 * them parses with the CLI's own model.
 */
class CiExamplesTest {
    private static final Path DIR = Tools.projectRoot().resolve("examples/ci");
    /** The steps every pipeline has, in this order: lock check, build (signed), the three gates, push, verify. */
    private static final List<String> FLOW = List.of("lock", "build", "check", "test", "scan", "copy", "verify");
    private static final Set<String> GITLAB_KEYWORDS = Set.of("stages", "variables", "default", "include", "workflow",
            "image", "services", "before_script", "after_script", "cache");

    private static Object yaml(String file) throws Exception {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(DIR.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    @Test
    void githubActions_hasTriggersAndJobsWithRunnersStepsAndPinnedActions() throws Exception {
        Map<Object, Object> workflow = map(yaml("github-actions.yml"));
        // YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
        assertThat(workflow.containsKey("on") || workflow.containsKey(Boolean.TRUE)).as("on").isTrue();
        assertThat(map(workflow.get("permissions"))).containsEntry("contents", "read");
        Map<Object, Object> jobs = map(workflow.get("jobs"));
        assertThat(jobs).isNotEmpty();
        for (Object job : jobs.values()) {
            assertThat(map(job)).containsKeys("runs-on", "steps");
            for (Object step : list(map(job).get("steps"))) {
                Map<Object, Object> s = map(step);
                assertThat(s.containsKey("run") ^ s.containsKey("uses")).as("a step runs or uses: " + s).isTrue();
                if (s.containsKey("run")) {
                    assertThat((String) s.get("run")).as("secrets reach scripts through env, never interpolated")
                            .doesNotContain("secrets.");
                }
                if (s.containsKey("uses")) {
                    assertThat((String) s.get("uses")).as("actions pinned by commit").matches("[\\w.-]+/[\\w.-]+@[0-9a-f]{40}");
                }
            }
        }
    }

    @Test
    void gitlab_everyJobHasADeclaredStageAndAScript() throws Exception {
        Map<Object, Object> ci = map(yaml("gitlab-ci.yml"));
        List<Object> stages = list(ci.get("stages"));
        assertThat(stages).containsExactly("build", "gate", "publish");
        int jobs = 0;
        for (Map.Entry<Object, Object> e : ci.entrySet()) {
            String name = e.getKey().toString();
            if (GITLAB_KEYWORDS.contains(name) || name.startsWith(".")) {
                continue;
            }
            jobs++;
            Map<Object, Object> job = map(e.getValue());
            assertThat(stages).as(name + " stage").contains(job.get("stage"));
            assertThat(list(job.get("script"))).as(name + " script").isNotEmpty();
            assertThat(job).as(name).doesNotContainKey("image");
        }
        assertThat(jobs).isEqualTo(5);
        assertThat(map(ci.get("variables")).keySet()).as("secrets are CI/CD variables, not in the file")
                .noneMatch(k -> k.toString().matches(".*(PASSWORD|KEY|TOKEN).*"));
    }

    @Test
    void jenkinsfile_isADeclarativePipelineWithBalancedBlocksAndStoredCredentials() throws Exception {
        String text = Files.readString(DIR.resolve("Jenkinsfile"));
        String code = text.replaceAll("(?m)^\\s*//.*$", "").replaceAll("(?s)'''.*?'''", "''").replaceAll("'[^'\\n]*'", "''")
                .replaceAll("\"[^\"\\n]*\"", "\"\"");
        assertThat(code.strip()).startsWith("pipeline {");
        int depth = 0;
        for (char c : code.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            assertThat(depth).as("braces never close more than they open").isNotNegative();
        }
        assertThat(depth).as("braces balance").isZero();
        assertThat(code).contains("agent {", "stages {", "steps {", "post {");
        assertThat(text).contains("credentials('bulwark-cosign-password')", "credentials('bulwark-registry')",
                "file(credentialsId: 'bulwark-cosign-key'");
        assertThat(shellBlocks(text)).isNotEmpty();
    }

    /** The shell scripts of a Jenkinsfile's {@code sh '''…'''} and {@code sh '…'} steps, Groovy escapes undone. */
    private static List<String> shellBlocks(String jenkinsfile) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("sh\\s+'''(.*?)'''|sh\\s+'([^'\\n]*)'", Pattern.DOTALL).matcher(jenkinsfile);
        while (m.find()) {
            out.add((m.group(1) != null ? m.group(1) : m.group(2)).replace("\\\\", "\\"));
        }
        return out;
    }

    /** Each file's shell text: GitHub's run steps, GitLab's script lines, Jenkins' sh blocks. */
    private static Map<String, String> scripts() throws Exception {
        StringBuilder github = new StringBuilder();
        for (Object job : map(map(yaml("github-actions.yml")).get("jobs")).values()) {
            for (Object step : list(map(job).get("steps"))) {
                Object run = map(step).get("run");
                if (run != null) {
                    github.append(run).append('\n');
                }
            }
        }
        StringBuilder gitlab = new StringBuilder();
        for (Object value : map(yaml("gitlab-ci.yml")).values()) {
            if (value instanceof Map<?, ?> job) {
                for (String key : List.of("before_script", "script", "after_script")) {
                    if (job.get(key) != null) {
                        list(job.get(key)).forEach(line -> gitlab.append(line).append('\n'));
                    }
                }
            }
        }
        return Map.of("github-actions.yml", github.toString(), "gitlab-ci.yml", gitlab.toString(),
                "Jenkinsfile", String.join("\n", shellBlocks(Files.readString(DIR.resolve("Jenkinsfile")))));
    }

    @Test
    void everyPipeline_buildsGatesSignsAndPushesInThatOrderWithCommandsTheCliParses() throws Exception {
        for (Map.Entry<String, String> e : scripts().entrySet()) {
            List<List<String>> commands = BulwarkCommandLines.inScript(e.getValue());
            List<String> verbs = new ArrayList<>();
            for (List<String> args : commands) {
                BulwarkCommandLines.assertParses(args, e.getKey());
                if (!args.get(0).startsWith("-")) {
                    verbs.add(args.get(0));
                }
            }
            assertThat(verbs).as(e.getKey()).containsExactlyElementsOf(FLOW);
            String joined = commands.stream().map(c -> String.join(" ", c)).reduce("", (a, b) -> a + "\n" + b);
            assertThat(joined).as(e.getKey()).contains("build examples/python3.yaml --output oci:out/python3 --sign-key")
                    .contains("check oci:out/python3 --policy examples/ci/policy.yaml")
                    .contains("scan oci:out/python3 --arch amd64 --fail-on high")
                    .contains("copy oci:out/python3 docker://$REGISTRY/python3:$TAG")
                    .doesNotContain("--creds");
            assertThat(Files.exists(Tools.projectRoot().resolve("examples/python3.yaml.lock.json"))).isTrue();
        }
    }

    @Test
    void everyPipeline_takesBulwarkFromItsImagePinnedByDigestAndSecretsFromTheStore() throws Exception {
        for (Map.Entry<String, String> e : scripts().entrySet()) {
            // The whole /opt/bulwark: the image's bulwark.jar is thin, its Class-Path names the lib/ beside it.
            assertThat(e.getValue()).as(e.getKey()).contains("*@sha256:*) ;;", "docker create \"$BULWARK_IMAGE\"",
                    "docker cp \"$id:/opt/bulwark\" ", "/bulwark/bulwark.jar", "--password-stdin")
                    .doesNotContain("/opt/bulwark/bulwark.jar\"");
        }
        String github = Files.readString(DIR.resolve("github-actions.yml"));
        assertThat(github).contains("${{ secrets.COSIGN_KEY }}", "${{ secrets.COSIGN_PASSWORD }}",
                "${{ secrets.REGISTRY_PASSWORD }}");
        for (String file : List.of("github-actions.yml", "gitlab-ci.yml", "Jenkinsfile")) {
            assertThat(Files.readString(DIR.resolve(file))).as(file).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void examplePolicy_isAValidPolicyThatDeniesUnappliedFixesAndUnsignedImages() throws Exception {
        var policy = new dev.bulwark.policy.PolicyEngine(java.time.Clock.systemUTC()).load(DIR.resolve("policy.yaml"))
                .policy();
        assertThat(policy.rules()).containsKeys("vulnerability-sla", "signed-and-attested");
        assertThat(Files.readString(DIR.resolve("policy.yaml"))).contains("vulnerability-sla: { level: deny")
                .contains("signed-and-attested: deny");
    }

    @Test
    void inScript_findsCommandsAfterOperatorsAndAcrossContinuations() {
        assertThat(BulwarkCommandLines.inScript("set -e && bulwark scan 'oci:a b' --fail-on high | tee x\n"
                + "bulwark test oci:x \\\n  --config t.yaml # the tests\necho bulwark no"))
                .containsExactly(List.of("scan", "oci:a b", "--fail-on", "high"), List.of("test", "oci:x", "--config", "t.yaml"));
    }
}

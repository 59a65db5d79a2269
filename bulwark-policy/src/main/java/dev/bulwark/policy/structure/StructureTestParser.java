package dev.bulwark.policy.structure;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.structure.StructureTests.CommandTest;
import dev.bulwark.policy.structure.StructureTests.EnvVar;
import dev.bulwark.policy.structure.StructureTests.FileContentTest;
import dev.bulwark.policy.structure.StructureTests.FileExistenceTest;
import dev.bulwark.policy.structure.StructureTests.Label;
import dev.bulwark.policy.structure.StructureTests.LicenseTest;
import dev.bulwark.policy.structure.StructureTests.MetadataTest;
import dev.bulwark.policy.yaml.YamlFiles;
import dev.bulwark.policy.yaml.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads container-structure-test files. Errors name the file, line and field: YAML syntax, unknown keys, a missing
 * name or command, a regular expression that does not compile, an unsupported schemaVersion.
 */
public final class StructureTestParser {
    private static final Set<String> TOP = Set.of("schemaVersion", "globalEnvVars", "commandTests", "fileExistenceTests",
            "fileContentTests", "metadataTest", "licenseTests", "containerRunOptions");
    private static final Set<String> COMMAND = Set.of("name", "setup", "teardown", "envVars", "command", "args",
            "expectedOutput", "excludedOutput", "expectedError", "excludedError", "exitCode");
    private static final Set<String> EXISTENCE = Set.of("name", "path", "shouldExist", "permissions", "uid", "gid",
            "isExecutableBy");
    private static final Set<String> CONTENT = Set.of("name", "path", "expectedContents", "excludedContents");
    private static final Set<String> METADATA = Set.of("env", "envVars", "labels", "exposedPorts", "unexposedPorts",
            "volumes", "unmountedVolumes", "entrypoint", "cmd", "workdir", "user");
    private static final Set<String> ENV = Set.of("key", "value", "isRegex");
    private static final Set<String> LICENSE = Set.of("debian", "files");

    private StructureTestParser() {
    }

    public static StructureTests read(Path file) throws PolicyException {
        return parse(YamlFiles.read(file));
    }

    public static StructureTests parse(YamlNode root) throws PolicyException {
        Map<String, YamlNode> top = root.map(TOP);
        if (!top.containsKey("schemaVersion")) {
            throw root.fail("schemaVersion is required (2.0.0, or 1.0.0)");
        }
        String version = top.get("schemaVersion").string();
        if (!version.equals("2.0.0") && !version.equals("1.0.0")) {
            throw top.get("schemaVersion").fail("unsupported schemaVersion '" + version + "' (expected 2.0.0 or 1.0.0)");
        }
        boolean v1 = version.equals("1.0.0");
        List<EnvVar> global = top.containsKey("globalEnvVars") ? env(top.get("globalEnvVars"), false) : List.of();
        List<CommandTest> commands = new ArrayList<>();
        for (YamlNode n : list(top, "commandTests")) {
            commands.add(command(n, v1));
        }
        List<FileExistenceTest> existence = new ArrayList<>();
        for (YamlNode n : list(top, "fileExistenceTests")) {
            existence.add(existence(n));
        }
        List<FileContentTest> contents = new ArrayList<>();
        for (YamlNode n : list(top, "fileContentTests")) {
            Map<String, YamlNode> m = n.map(CONTENT);
            contents.add(new FileContentTest(required(n, m, "name"), required(n, m, "path"),
                    regexes(m.get("expectedContents")), regexes(m.get("excludedContents"))));
        }
        MetadataTest metadata = top.containsKey("metadataTest") ? metadata(top.get("metadataTest")) : null;
        List<LicenseTest> licenses = new ArrayList<>();
        for (YamlNode n : list(top, "licenseTests")) {
            Map<String, YamlNode> m = n.map(LICENSE);
            licenses.add(new LicenseTest(m.containsKey("debian") && m.get("debian").bool(),
                    m.containsKey("files") ? m.get("files").strings() : List.of()));
        }
        return new StructureTests(root.file().toString(), version, global, commands, existence, contents, metadata,
                licenses);
    }

    private static List<YamlNode> list(Map<String, YamlNode> top, String key) throws PolicyException {
        return top.containsKey(key) ? top.get(key).list() : List.of();
    }

    private static CommandTest command(YamlNode n, boolean v1) throws PolicyException {
        Map<String, YamlNode> m = n.map(COMMAND);
        String name = required(n, m, "name");
        if (!m.containsKey("command")) {
            throw n.fail("command test '" + name + "' needs a command");
        }
        List<String> argv = new ArrayList<>();
        YamlNode command = m.get("command");
        if (command.isList()) {
            argv.addAll(command.strings()); // 1.0.0 style: the command and its arguments in one list
        } else {
            argv.add(command.string());
        }
        if (m.containsKey("args")) {
            argv.addAll(m.get("args").strings());
        }
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw command.fail("command test '" + name + "' has an empty command");
        }
        return new CommandTest(name, commands(m.get("setup")), commands(m.get("teardown")),
                m.containsKey("envVars") ? env(m.get("envVars"), false) : List.of(), argv,
                regexes(m.get("expectedOutput")), regexes(m.get("excludedOutput")), regexes(m.get("expectedError")),
                regexes(m.get("excludedError")), m.containsKey("exitCode") ? (int) m.get("exitCode").integer() : 0);
    }

    private static List<List<String>> commands(YamlNode n) throws PolicyException {
        List<List<String>> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        for (YamlNode c : n.list()) {
            List<String> argv = c.strings();
            if (argv.isEmpty()) {
                throw c.fail("an empty command");
            }
            out.add(argv);
        }
        return out;
    }

    private static FileExistenceTest existence(YamlNode n) throws PolicyException {
        Map<String, YamlNode> m = n.map(EXISTENCE);
        String by = m.containsKey("isExecutableBy") ? m.get("isExecutableBy").string() : null;
        if (by != null && !Set.of("any", "owner", "group", "other").contains(by)) {
            throw m.get("isExecutableBy").fail("expected any, owner, group or other, got '" + by + "'");
        }
        return new FileExistenceTest(required(n, m, "name"), required(n, m, "path"),
                !m.containsKey("shouldExist") || m.get("shouldExist").bool(),
                m.containsKey("permissions") ? m.get("permissions").string() : null,
                m.containsKey("uid") ? m.get("uid").integer() : -1, m.containsKey("gid") ? m.get("gid").integer() : -1, by);
    }

    private static MetadataTest metadata(YamlNode n) throws PolicyException {
        Map<String, YamlNode> m = n.map(METADATA);
        List<EnvVar> env = null;
        for (String key : List.of("env", "envVars")) {
            if (m.containsKey(key)) {
                env = env(m.get(key), true);
            }
        }
        List<Label> labels = null;
        if (m.containsKey("labels")) {
            labels = new ArrayList<>();
            for (EnvVar e : env(m.get("labels"), true)) {
                labels.add(new Label(e.key(), e.value(), e.regex()));
            }
        }
        return new MetadataTest(env, labels, strings(m, "exposedPorts"), strings(m, "unexposedPorts"),
                strings(m, "volumes"), strings(m, "unmountedVolumes"), strings(m, "entrypoint"), strings(m, "cmd"),
                m.containsKey("workdir") ? m.get("workdir").string() : null,
                m.containsKey("user") ? m.get("user").string() : null);
    }

    private static List<String> strings(Map<String, YamlNode> m, String key) throws PolicyException {
        return m.containsKey(key) ? m.get(key).strings() : null;
    }

    private static List<EnvVar> env(YamlNode n, boolean allowRegex) throws PolicyException {
        List<EnvVar> out = new ArrayList<>();
        for (YamlNode e : n.list()) {
            Map<String, YamlNode> m = e.map(ENV);
            String key = required(e, m, "key");
            String value = m.containsKey("value") ? m.get("value").string() : "";
            boolean regex = m.containsKey("isRegex") && m.get("isRegex").bool();
            if (regex && !allowRegex) {
                throw m.get("isRegex").fail("isRegex applies only to the metadata test's env and labels");
            }
            out.add(new EnvVar(key, value, regex ? compile(m.get("value"), value) : null));
        }
        return out;
    }

    private static List<Pattern> regexes(YamlNode n) throws PolicyException {
        List<Pattern> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        List<YamlNode> items = n.isList() ? n.list() : List.of(n);
        for (YamlNode item : items) {
            out.add(compile(item, item.string()));
        }
        return out;
    }

    private static Pattern compile(YamlNode where, String re) throws PolicyException {
        try {
            return Pattern.compile(re, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw where.fail("invalid regular expression '" + re + "': " + e.getDescription());
        }
    }

    private static String required(YamlNode n, Map<String, YamlNode> m, String key) throws PolicyException {
        if (!m.containsKey(key) || m.get(key).string().isBlank()) {
            throw n.fail("'" + key + "' is required");
        }
        return m.get(key).string();
    }
}

package dev.bulwark.spec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each bad spec fails with one message naming the file, line, column and field. */
class SpecParserErrorsTest {
    private static final String HEAD = "name: x\ndistribution: trixie\npackages: [python3]\n";

    record Bad(String scenario, String yaml, String message) {
        @Override
        public String toString() {
            return scenario;
        }
    }

    static Stream<Bad> badSpecs() {
        return Stream.of(
                new Bad("unknown arch", HEAD + "archs: [amd64, amd65]\n",
                        "cannot read spec bad.yaml:4:16: field 'archs[1]': unknown architecture 'amd65'"
                                + " (expected one of amd64, arm64, armel,"),
                new Bad("empty arch list", HEAD + "archs: []\n",
                        "bad.yaml:4:8: field 'archs': at least one architecture is needed"),
                new Bad("misspelt field", HEAD + "achs: [amd64]\n",
                        "bad.yaml:4:1: field 'achs': unknown field 'achs' (did you mean 'archs'?"),
                new Bad("misspelt nested field", HEAD + "accounts:\n  runas: nonroot\n",
                        "bad.yaml:5:3: field 'accounts.runas': unknown field 'runas' (did you mean 'run-as'?"),
                new Bad("unknown field far from any", HEAD + "frobnicate: 1\n",
                        "field 'frobnicate': unknown field 'frobnicate' (known fields: name, description,"),
                new Bad("missing name", "distribution: trixie\npackages: [a0]\n",
                        "bad.yaml:1:1: missing required field 'name'"),
                new Bad("neither distribution nor base", "name: x\npackages: [a0]\n",
                        "bad.yaml:1:1: missing required field 'distribution' (or 'base', for a customization)"),
                new Bad("both distribution and base", HEAD + "base: oci:out/python3\n",
                        "bad.yaml:4:7: field 'base': a spec names either a distribution"),
                new Bad("base image without packages", "name: x\ndistribution: trixie\n",
                        "bad.yaml:1:1: missing required field 'packages' (a base image needs at least one package)"),
                new Bad("empty package list", "name: x\ndistribution: trixie\npackages: []\n",
                        "bad.yaml:3:11: field 'packages': a base image needs at least one package"),
                new Bad("invalid package name", "name: x\ndistribution: trixie\npackages: [Python3]\n",
                        "bad.yaml:3:12: field 'packages[0]': invalid package name 'Python3'"),
                new Bad("invalid pin", "name: x\ndistribution: trixie\npackages:\n  - python3=\n",
                        "bad.yaml:4:5: field 'packages[0]': missing version after '='"),
                new Bad("pin without leading digit", "name: x\ndistribution: trixie\npackages: [tzdata=v2025]\n",
                        "field 'packages[0]': invalid version 'v2025': the upstream version must start with a digit"),
                new Bad("pin with bad epoch", "name: x\ndistribution: trixie\npackages: [zlib1g=x:1.3]\n",
                        "invalid version 'x:1.3': the epoch before ':' must be a number"),
                new Bad("duplicate package", "name: x\ndistribution: trixie\npackages:\n  - tzdata\n  - tzdata=1.0\n",
                        "bad.yaml:5:5: field 'packages[1]': duplicate package 'tzdata' (first at line 4)"),
                new Bad("duplicate key", HEAD + "name: y\n",
                        "bad.yaml:4:1: field 'name': duplicate key 'name' (first at line 1)"),
                new Bad("wrong type: string for list", HEAD + "archs: amd64\n",
                        "bad.yaml:4:8: field 'archs': expected a list, found 'amd64'"),
                new Bad("wrong type: list for string", HEAD + "workdir: [/app]\n",
                        "bad.yaml:4:10: field 'workdir': expected a string, found a list"),
                new Bad("wrong type: mapping at top", "- name\n", "bad.yaml:1:1: expected a mapping, found a list"),
                new Bad("yaml syntax error", "name: x\ndistribution: trixie\n  packages: [a0]\n",
                        "bad.yaml:3:11: invalid YAML: mapping values are not allowed here"),
                new Bad("yaml unclosed flow list", "name: x\narchs: [amd64\n",
                        "bad.yaml:3:1: invalid YAML:"),
                new Bad("tab indentation", "name: x\n\tdistribution: trixie\n",
                        "bad.yaml:2:1: invalid YAML:"),
                new Bad("two documents", "name: x\n---\nname: y\n",
                        "bad.yaml:2:1: invalid YAML: expected a single document in the stream"),
                new Bad("empty spec", "# nothing\n", "cannot read spec bad.yaml: the spec is empty"),
                new Bad("negative uid", HEAD + "accounts:\n  users:\n    - { name: app, uid: -1 }\n",
                        "bad.yaml:6:25: field 'accounts.users[0].uid': expected an integer from 0 to 2147483647,"
                                + " found '-1'"),
                new Bad("uid too big", HEAD + "accounts:\n  users:\n    - { name: app, uid: 4294967296 }\n",
                        "field 'accounts.users[0].uid': expected an integer from 0 to 2147483647"),
                new Bad("uid not a number", HEAD + "accounts:\n  users:\n    - { name: app, uid: many }\n",
                        "found 'many'"),
                new Bad("user without uid", HEAD + "accounts:\n  users:\n    - name: app\n",
                        "bad.yaml:6:7: field 'accounts.users[0]': missing required field 'uid'"),
                new Bad("uid taken", HEAD + "accounts:\n  users:\n    - { name: app, uid: 65532 }\n",
                        "bad.yaml:5:3: field 'accounts': user 'app': uid 65532 is taken"),
                new Bad("run-as unknown user", HEAD + "accounts: { run-as: app }\n",
                        "field 'accounts': run-as user 'app' is not a user (users: nobody, nonroot, root)"),
                new Bad("bad user name", HEAD + "accounts:\n  users:\n    - { name: App, uid: 1000 }\n",
                        "field 'accounts.users[0].name': invalid account name 'App'"),
                new Bad("group member not a user", HEAD
                        + "accounts:\n  groups:\n    - { name: g, gid: 1000, members: [bob] }\n",
                        "group 'g': member 'bob' is not a user"),
                new Bad("strip value", HEAD + "strip: [docs, info]\n",
                        "bad.yaml:4:15: field 'strip[1]': unknown strip value 'info' (expected one of docs, man,"
                                + " locales)"),
                new Bad("variant", HEAD + "variant: debug\n",
                        "field 'variant': unknown variant 'debug' (expected one of runtime, dev)"),
                new Bad("relative workdir", HEAD + "workdir: app\n",
                        "field 'workdir': path 'app' is not absolute"),
                new Bad("home forging a passwd line", HEAD + "accounts:\n  users:\n"
                        + "    - { name: app, uid: 1000, home: \"/home/app:/bin/sh\\nevil::0:0::/root\" }\n",
                        "bad.yaml:6:37: field 'accounts.users[0].home': path '/home/app:/bin/sh\\nevil::0:0::/root' "
                                + "contains ':', which separates the fields of /etc/passwd"),
                new Bad("home with a newline", HEAD + "accounts:\n  users:\n"
                        + "    - { name: app, uid: 1000, home: \"/home/app\\nevil\" }\n",
                        "field 'accounts.users[0].home': path '/home/app\\nevil' contains a control character (U+000A)"),
                new Bad("shell with a colon", HEAD + "accounts:\n  users:\n"
                        + "    - { name: app, uid: 1000, shell: \"/bin/sh:x\" }\n",
                        "field 'accounts.users[0].shell': path '/bin/sh:x' contains ':'"),
                new Bad("workdir with a tab", HEAD + "workdir: \"/app\\tx\"\n",
                        "bad.yaml:4:10: field 'workdir': path '/app\\u0009x' contains a control character (U+0009)"),
                new Bad("relative path entry", HEAD + "paths:\n  - { path: etc/x, type: directory }\n",
                        "bad.yaml:5:13: field 'paths[0].path': path 'etc/x' is not absolute"),
                new Bad("dotdot path entry", HEAD + "paths:\n  - { path: /etc/../x, type: directory }\n",
                        "field 'paths[0].path': path '/etc/../x' is not normalized"),
                new Bad("unknown path type", HEAD + "paths:\n  - { path: /x, type: fifo }\n",
                        "field 'paths[0].type': unknown type 'fifo' (expected one of directory, file, symlink)"),
                new Bad("file without content", HEAD + "paths:\n  - { path: /x, type: file }\n",
                        "bad.yaml:5:5: field 'paths[0]': a file takes exactly one of source or content"),
                new Bad("symlink without target", HEAD + "paths:\n  - { path: /x, type: symlink }\n",
                        "field 'paths[0]': a symlink needs a target"),
                new Bad("bad mode", HEAD + "paths:\n  - { path: /x, type: directory, mode: 0799 }\n",
                        "field 'paths[0].mode': expected an octal mode such as 0755 (at most 7777), found '0799'"),
                new Bad("duplicate path", HEAD + "paths:\n  - { path: /x, type: directory }\n"
                        + "  - { path: /x, type: directory }\n",
                        "bad.yaml:6:5: field 'paths[1]': duplicate path '/x' (first at line 5)"),
                new Bad("two merged-/usr spellings of one path", HEAD + "paths:\n  - { path: /bin/x, type: file, content: a }\n"
                        + "  - { path: /usr/bin/x, type: file, content: b }\n",
                        "bad.yaml:6:5: field 'paths[1]': duplicate path '/usr/bin/x' (first at line 5 as '/bin/x'; "
                                + "both are /usr/bin/x in a merged-/usr image)"),
                new Bad("entry at a merged-/usr link", HEAD + "paths:\n  - { path: /bin, type: directory }\n",
                        "bad.yaml:5:13: field 'paths[0].path': path '/bin' is the merged-/usr symlink to usr/bin"),
                new Bad("entry at /lib64", HEAD + "paths:\n  - { path: /lib64, type: symlink, target: /tmp }\n",
                        "field 'paths[0].path': path '/lib64' is the merged-/usr symlink to usr/lib64"),
                new Bad("file below a declared link spelt through /bin", HEAD + "paths:\n"
                        + "  - { path: /usr/bin/tool, type: symlink, target: /etc }\n"
                        + "  - { path: /bin/tool/passwd, type: file, content: \"root::0:0:root:/root:/bin/sh\\n\" }\n",
                        "bad.yaml:6:5: field 'paths[1]': path '/bin/tool/passwd' lies below /usr/bin/tool, which this "
                                + "spec declares as a symlink to /etc (/bin/tool/passwd is /usr/bin/tool/passwd"),
                new Bad("file below a declared /lib link spelt through /usr", HEAD + "paths:\n"
                        + "  - { path: /lib/l, type: symlink, target: /etc }\n"
                        + "  - { path: /usr/lib/l/passwd, type: file, content: x }\n",
                        "bad.yaml:6:5: field 'paths[1]': path '/usr/lib/l/passwd' lies below /lib/l, which this spec "
                                + "declares as a symlink to /etc"),
                new Bad("NUL in a source", HEAD + "paths:\n  - { path: /x, type: file, source: \"a\\0b\" }\n",
                        "bad.yaml:5:37: field 'paths[0].source': source 'a\\0b' contains a NUL character"),
                new Bad("NUL in an absolute keyring", HEAD + "keyrings: [\"/usr/share/keyrings/a\\0b.gpg\"]\n",
                        "field 'keyrings[0]': keyring '/usr/share/keyrings/a\\0b.gpg' contains a NUL character"),
                new Bad("NUL in a base spec", "name: x\nbase: \"a\\0b.yaml\"\n",
                        "bad.yaml:2:7: field 'base': base spec 'a\\0b.yaml' contains a NUL character"),
                new Bad("missing keyring", HEAD + "keyrings: [keys/extra.asc]\n",
                        "field 'keyrings[0]': keyring file "),
                new Bad("missing base spec", "name: x\nbase: parent.yaml\n", "field 'base': base spec file "),
                new Bad("suites in a customization", "name: x\nbase: oci:out/python3\nsuites: [trixie]\n",
                        "bad.yaml:3:9: field 'suites': a customization resolves its packages in the suites of its base's lock"),
                new Bad("dev variant of a base image", HEAD + "variant: dev\n",
                        "bad.yaml:4:10: field 'variant': a dev variant extends a runtime image: write 'base:'"),
                new Bad("bad environment name", HEAD + "environment:\n  1X: y\n",
                        "bad.yaml:5:3: field 'environment.1X': invalid environment variable name '1X'"),
                new Bad("environment value list", HEAD + "environment:\n  X: [a]\n",
                        "bad.yaml:5:6: field 'environment.X': expected a string, found a list"),
                new Bad("dotted annotation key", HEAD + "annotations:\n  org.example.x: [a]\n",
                        "field 'annotations[\"org.example.x\"]': expected a string"),
                new Bad("duplicate arch", HEAD + "archs: [amd64, arm64, amd64]\n",
                        "field 'archs[2]': duplicate 'amd64' (first at line 4)"),
                new Bad("entrypoint as a string", HEAD + "entrypoint: /usr/bin/python3\n",
                        "field 'entrypoint': expected a list, found '/usr/bin/python3'"),
                new Bad("bad image name", "name: My Image\ndistribution: trixie\npackages: [a0]\n",
                        "bad.yaml:1:7: field 'name': invalid image name 'My Image'"),
                new Bad("bad codename", "name: x\ndistribution: Trixie\npackages: [a0]\n",
                        "field 'distribution': invalid distribution 'Trixie'"),
                new Bad("null name", "name:\ndistribution: trixie\npackages: [a0]\n",
                        "missing required field 'name'"),
                new Bad("non-scalar key", HEAD + "[a]: b\n", "bad.yaml:4:1: expected a plain key, found a list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void parse_rejectsBadSpecWithPositionedMessage(Bad bad) {
        SpecException e = catchThrowableOfType(SpecException.class,
                () -> new SpecParser().parse(bad.yaml(), Path.of("bad.yaml")));

        assertThat(e).as("no exception for %s", bad.scenario()).isNotNull();
        assertThat(e.getMessage()).contains(bad.message());
        assertThat(e.getMessage()).startsWith("cannot read spec bad.yaml");
        assertThat(e.kind()).isEqualTo(dev.bulwark.core.BulwarkException.Kind.BAD_INPUT);
    }
}

package dev.bulwark.policy.structure;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One container-structure-test file (schemaVersion 2.0.0, or 1.0.0 as distroless writes them), parsed and checked:
 * every regular expression is compiled, every required field present. {@code metadata} is null when absent.
 */
public record StructureTests(String file, String schemaVersion, List<EnvVar> globalEnv, List<CommandTest> commands,
        List<FileExistenceTest> existence, List<FileContentTest> contents, MetadataTest metadata,
        List<LicenseTest> licenses) {

    public StructureTests {
        Objects.requireNonNull(file, "file");
        globalEnv = List.copyOf(globalEnv);
        commands = List.copyOf(commands);
        existence = List.copyOf(existence);
        contents = List.copyOf(contents);
        licenses = List.copyOf(licenses);
    }

    /** An environment variable to set (commands) or to expect (metadata; {@code regex} when isRegex). */
    public record EnvVar(String key, String value, Pattern regex) {
    }

    /** A label to expect; {@code regex} when isRegex. */
    public record Label(String key, String value, Pattern regex) {
    }

    /** Runs {@code setup}, then the command, then {@code teardown}, and judges the command's outputs and exit code. */
    public record CommandTest(String name, List<List<String>> setup, List<List<String>> teardown, List<EnvVar> env,
            List<String> argv, List<Pattern> expectedOutput, List<Pattern> excludedOutput, List<Pattern> expectedError,
            List<Pattern> excludedError, int exitCode) {
        public CommandTest {
            setup = List.copyOf(setup);
            teardown = List.copyOf(teardown);
            env = List.copyOf(env);
            argv = List.copyOf(argv);
        }
    }

    /** {@code uid}/{@code gid} are -1 when not checked; {@code permissions} and {@code executableBy} null likewise. */
    public record FileExistenceTest(String name, String path, boolean shouldExist, String permissions, long uid, long gid,
            String executableBy) {
    }

    public record FileContentTest(String name, String path, List<Pattern> expected, List<Pattern> excluded) {
    }

    /** Null lists/values are not checked. */
    public record MetadataTest(List<EnvVar> env, List<Label> labels, List<String> exposedPorts,
            List<String> unexposedPorts, List<String> volumes, List<String> unmountedVolumes, List<String> entrypoint,
            List<String> cmd, String workdir, String user) {
    }

    /** {@code debian}: every installed package has its copyright file; {@code files}: these paths exist. */
    public record LicenseTest(boolean debian, List<String> files) {
    }
}

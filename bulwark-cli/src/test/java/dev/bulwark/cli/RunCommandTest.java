package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run command's options, without starting a sandbox. */
class RunCommandTest {
    @Test
    void env_keyAloneTakesTheHostValueAndIsSkippedWhenUnset() throws Exception {
        String path = System.getenv("PATH");
        assertThat(RunCommand.environment(List.of("A=1", "B=", "PATH", "BULWARK_SURELY_UNSET_VARIABLE")))
                .containsExactly("A=1", "B=", "PATH=" + path);
        assertThatThrownBy(() -> RunCommand.environment(List.of("=x"))).isInstanceOf(BulwarkException.class)
                .hasMessageContaining("cannot set environment '=x'");
    }

    @Test
    void network_otherThanNoneOrHostIsBadInput() {
        CliRun r = CliRun.of("run", "oci:/nonexistent", "--network", "bridge", "--", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot use --network bridge: give none or host");
    }

    @Test
    void help_documentsDockerRunSemanticsAndExitCodes() {
        CliRun r = CliRun.of("run", "--help");
        assertThat(r.out()).contains("appended to its entrypoint", "--entrypoint", "-u, --user", "-w, --workdir",
                "-e, --env", "--network", "126 when the command", "cannot be executed", "127 when it is not found",
                "run oci:out/python3:latest -- -c 'print(1)'");
    }
}

package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code serve --compare-with}: checked before the server starts; nothing is read from the reference then. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Plain=oci:/x | the name 'Plain' is not a short slug",
            "plain | give NAME=REF",
            "plain=nohost | cannot parse image reference 'nohost'",
            "plain=docker://127.0.0.1:1/debian:bad tag! | cannot parse image reference"})
    void compareWith_aBadNameOrReference_exitsTwoBeforeServing(String option, String message) {
        CliRun r = CliRun.of("serve", "--listen", "127.0.0.1:0", "--catalog", dir.resolve("c.db").toString(),
                "--no-worker", "--compare-with", option);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("cannot use --compare-with " + option + ": ").contains(message);
        assertThat(r.out()).doesNotContain("serving");
    }

    @Test
    void compareWith_theSameNameTwice_exitsTwo() {
        CliRun r = CliRun.of("serve", "--listen", "127.0.0.1:0", "--catalog", dir.resolve("c.db").toString(),
                "--no-worker", "--compare-with", "plain=oci:/a", "--compare-with", "plain=oci:/b");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("the name plain is given twice");
    }

    @Test
    void help_explainsCompareWith() {
        CliRun r = CliRun.of("serve", "--help");
        assertThat(r.out()).contains("--compare-with=NAME=REF").contains("ref:NAME")
                .contains("bulwark serve --compare-with plain=docker://HOST/debian:trixie");
    }
}

package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecOptionsTest {
    @TempDir
    Path dir;

    private SpecOptions options(String yaml, String... archs) throws Exception {
        SpecOptions o = new SpecOptions();
        o.spec = Files.writeString(dir.resolve("spec.yaml"), yaml);
        o.archs = List.of(archs);
        return o;
    }

    @Test
    void arch_ofACustomizationTakingItsBasesArchs_isPassedOnForTheCustomizerToCheck() throws Exception {
        SpecOptions o = options("name: app\nbase: oci:out/python3:latest\npackages: [python3-yaml]\n", "amd64");
        Spec spec = o.read();
        assertThat(spec.archs()).isEmpty();
        assertThat(o.archs(spec)).containsExactly("amd64");
    }

    @Test
    void arch_theSpecDoesNotList_isRefusedNamingTheSpecsArchs() throws Exception {
        SpecOptions o = options("name: tiny\ndistribution: trixie\narchs: [amd64]\npackages: [tzdata]\n", "arm64");
        Spec spec = o.read();
        assertThatThrownBy(() -> o.archs(spec)).isInstanceOf(BulwarkException.class)
                .hasMessageContaining("--arch arm64").hasMessageContaining("[amd64]");
    }
}

package dev.bulwark.policy.structure;

import dev.bulwark.policy.model.ConfigFact;
import dev.bulwark.policy.structure.StructureTests.EnvVar;
import dev.bulwark.policy.structure.StructureTests.Label;
import dev.bulwark.policy.structure.StructureTests.MetadataTest;
import java.util.ArrayList;
import java.util.List;

/** The metadata test: env, labels, ports, volumes, entrypoint, cmd, workdir and user against the image config. */
final class MetadataChecks {
    private MetadataChecks() {
    }

    static TestResult run(MetadataTest t, ConfigFact c) {
        List<String> errors = new ArrayList<>();
        if (t.env() != null) {
            for (EnvVar e : t.env()) {
                String actual = c.env().get(e.key());
                if (actual == null) {
                    errors.add("variable " + e.key() + " not found in image env");
                } else if (e.regex() != null ? !e.regex().matcher(actual).find() : !e.value().equals(actual)) {
                    errors.add("env var " + e.key() + " value " + actual + " does not match expected value: " + e.value());
                }
            }
        }
        if (t.labels() != null) {
            for (Label l : t.labels()) {
                String actual = c.labels().get(l.key());
                if (actual == null) {
                    errors.add("label " + l.key() + " not found in image metadata");
                } else if (l.regex() != null ? !l.regex().matcher(actual).find() : !l.value().equals(actual)) {
                    errors.add("label " + l.key() + " value " + actual + " does not match expected value: " + l.value());
                }
            }
        }
        present(errors, t.exposedPorts(), c.exposedPorts(), "Port %s not found in config", true);
        present(errors, t.unexposedPorts(), c.exposedPorts(), "Port %s should not be exposed", false);
        present(errors, t.volumes(), c.volumes(), "Volume %s not found in config", true);
        present(errors, t.unmountedVolumes(), c.volumes(), "Volume %s should not be mounted", false);
        if (t.entrypoint() != null && !t.entrypoint().equals(c.entrypoint())) {
            errors.add("Image entrypoint " + c.entrypoint() + " does not match expected entrypoint: " + t.entrypoint());
        }
        if (t.cmd() != null && !t.cmd().equals(c.cmd())) {
            errors.add("Image Cmd " + c.cmd() + " does not match expected Cmd: " + t.cmd());
        }
        if (t.workdir() != null && !t.workdir().isEmpty() && !t.workdir().equals(c.workdir())) {
            errors.add("Image workdir " + c.workdir() + " does not match config workdir: " + t.workdir());
        }
        if (t.user() != null && !t.user().equals(c.user())) {
            errors.add("Image user " + c.user() + " does not match expected user: " + t.user());
        }
        return new TestResult("Metadata Test", errors.isEmpty(), null, null, errors, 0, null);
    }

    private static void present(List<String> errors, List<String> wanted, List<String> actual, String message,
            boolean shouldBe) {
        if (wanted == null) {
            return;
        }
        for (String w : wanted) {
            if (actual.contains(w) != shouldBe) {
                errors.add(String.format(message, w));
            }
        }
    }
}

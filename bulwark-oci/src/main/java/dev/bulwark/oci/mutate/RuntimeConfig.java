package dev.bulwark.oci.mutate;

import dev.bulwark.oci.image.ImageConfig;

import java.util.List;
import java.util.Map;

/**
 * What a runtime reads from an image's config and a customization may replace: user, environment, entrypoint,
 * command, working directory and labels. {@code user}, {@code entrypoint}, {@code cmd} and {@code workingDir} may be
 * null (unset); lists and maps are never null.
 */
public record RuntimeConfig(String user, List<String> env, List<String> entrypoint, List<String> cmd,
                            String workingDir, Map<String, String> labels) {

    public RuntimeConfig {
        env = List.copyOf(env == null ? List.of() : env);
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("environment entry '" + e + "' is not NAME=value");
            }
        }
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }

    /** The settings an image has now: the starting point for a change. */
    public static RuntimeConfig of(ImageConfig config) {
        return new RuntimeConfig(config.user(), config.env(), config.entrypoint(), config.cmd(), config.workingDir(),
                config.labels());
    }

    public RuntimeConfig withUser(String u) {
        return new RuntimeConfig(u, env, entrypoint, cmd, workingDir, labels);
    }

    public RuntimeConfig withEnv(List<String> e) {
        return new RuntimeConfig(user, e, entrypoint, cmd, workingDir, labels);
    }

    public RuntimeConfig withEntrypoint(List<String> e) {
        return new RuntimeConfig(user, env, e, cmd, workingDir, labels);
    }

    public RuntimeConfig withCmd(List<String> c) {
        return new RuntimeConfig(user, env, entrypoint, c, workingDir, labels);
    }

    public RuntimeConfig withWorkingDir(String w) {
        return new RuntimeConfig(user, env, entrypoint, cmd, w, labels);
    }

    public RuntimeConfig withLabels(Map<String, String> l) {
        return new RuntimeConfig(user, env, entrypoint, cmd, workingDir, l);
    }
}

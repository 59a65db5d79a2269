package dev.bulwark.policy.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The runtime part of the image config. {@code user}, {@code workdir} are empty when unset; {@code entrypoint} and
 * {@code cmd} are empty lists when unset; {@code created} may be null. {@code history} holds each step's created_by.
 */
public record ConfigFact(String user, Map<String, String> env, List<String> entrypoint, List<String> cmd,
        String workdir, Map<String, String> labels, List<String> exposedPorts, List<String> volumes,
        List<String> history, Instant created) {
    public ConfigFact {
        user = user == null ? "" : user;
        workdir = workdir == null ? "" : workdir;
        env = Map.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        labels = Map.copyOf(labels);
        exposedPorts = List.copyOf(exposedPorts);
        volumes = List.copyOf(volumes);
        history = List.copyOf(history);
    }
}

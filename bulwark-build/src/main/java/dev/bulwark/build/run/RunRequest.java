package dev.bulwark.build.run;

import java.util.List;

/**
 * Run {@code command} (empty: the image's entrypoint and cmd) in the image for {@code arch} (null: this machine's),
 * as the image's user, with its environment and working directory, without network unless {@code network}.
 */
public record RunRequest(String arch, List<String> command, List<String> extraEnv, boolean network) {
    public RunRequest {
        command = List.copyOf(command);
        extraEnv = List.copyOf(extraEnv);
    }
}

package dev.bulwark.cli;

import dev.bulwark.core.Progress;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.registry.Credentials;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of every command that talks to registries. */
final class RegistryOptionsMixin {
    @Option(names = "--insecure", description = "Allow plain HTTP to registries that are not on loopback "
            + "(loopback hosts always may use it).")
    boolean insecure;

    @Option(names = "--creds", paramLabel = "USER:PASS",
            description = "Registry credentials (default: the auth file's entry for the host, else anonymous).")
    String creds;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Auth file with an 'auths' object (default: "
            + "REGISTRY_AUTH_FILE, else $DOCKER_CONFIG/config.json, else ~/.docker/config.json).")
    Path authFile;

    @Option(names = "--verbose", description = "Also print one line per blob pushed (by default one line per image).")
    boolean verbose;

    RegistryOptions toOptions(Progress progress) throws OciException {
        Progress shown = verbose && progress instanceof ConsoleProgress console ? console.verbose() : progress;
        return new RegistryOptions(insecure, creds == null ? null : Credentials.parse(creds), authFile, shown);
    }

    /**
     * For registries the operator does not run (serve's --compare-with references): never --creds nor --insecure,
     * only the auth file's entry for each registry's own host, and a confined token realm.
     */
    RegistryOptions outside() {
        return RegistryOptions.outside(authFile);
    }
}

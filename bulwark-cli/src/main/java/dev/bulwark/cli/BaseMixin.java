package dev.bulwark.cli;

import dev.bulwark.builder.customize.BaseOptions;
import dev.bulwark.builder.api.Workspace;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.oci.transport.RegistryOptions;
import picocli.CommandLine.Option;

/** How a customization (a spec with {@code base:}) reaches its base; shared by resolve, lock, build and outdated. */
final class BaseMixin {
    @Option(names = "--allow-unpinned-base", description = "Accept a registry base named by tag alone (base: "
            + "HOST/REPO:TAG); by default a base on a registry must be pinned by digest (@sha256:…), since a tag can move.")
    boolean allowUnpinned;

    /** A locker that can also resolve, lock and build customizations. */
    Locker locker(Workspace workspace, RegistryOptions registry) {
        return workspace.locker(new BaseOptions(registry, allowUnpinned));
    }
}

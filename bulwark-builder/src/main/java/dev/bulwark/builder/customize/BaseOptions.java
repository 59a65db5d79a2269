package dev.bulwark.builder.customize;

import dev.bulwark.oci.transport.RegistryOptions;
import java.util.Objects;

/** How customizations reach their bases: registry access, and whether a registry tag alone may name a base. */
public record BaseOptions(RegistryOptions registry, boolean allowUnpinned) {
    public BaseOptions {
        Objects.requireNonNull(registry, "registry");
    }

    public static BaseOptions defaults() {
        return new BaseOptions(RegistryOptions.defaults(), false);
    }
}

package dev.bulwark.debian.resolve;

import java.util.List;
import java.util.Map;

/**
 * What to resolve for one architecture: the packages asked for (optionally pinned) and the names never to install
 * (name → why), normally {@link InstallTimeOnly#effective}.
 */
public record ResolveRequest(List<Requested> packages, Map<String, String> excluded) {

    /** A package the spec names, with an optional exact version pin. */
    public record Requested(String name, String version) {
        public Requested {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("package name is empty");
            }
        }

        @Override
        public String toString() {
            return version == null ? name : name + "=" + version;
        }
    }

    public ResolveRequest {
        packages = List.copyOf(packages);
        excluded = Map.copyOf(excluded);
    }
}

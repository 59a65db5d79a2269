package dev.bulwark.scan.ecosystem;

import dev.bulwark.image.components.Component;
import dev.bulwark.scan.advisory.Severity;
import java.util.Objects;

/** One language component affected by one advisory; {@code fixedVersion} is null when no fix is known. */
public record ComponentFinding(Component component, String id, Severity severity, String fixedVersion,
                               ComponentAdvisory advisory) {

    public ComponentFinding {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(advisory, "advisory");
    }

    public String explanation() {
        String installed = component.osvName() + " " + component.version();
        return fixedVersion == null ? installed + " is affected; no fixed version is known"
                : installed + " < " + fixedVersion + "; update it to " + fixedVersion + " or later";
    }
}

package dev.bulwark.policy.rules;

import dev.bulwark.policy.secrets.NoSecrets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The built-in rules and their default levels (a policy file changes them). */
public final class BuiltinRules {
    private BuiltinRules() {
    }

    public static List<Rule> all(Clock clock) {
        return List.of(new NonRootUser(), new NoSetuidFiles(), new NoWorldWritable(), new NoShell(),
                new NoPackageManager(), new NoSecrets(), new LicenceDenyList(), new VulnerabilitySla(clock),
                new RequiredAnnotations(), new BasePinned(), new SignedAndAttested());
    }

    /**
     * The level of a rule no policy names: the vulnerability SLA needs advisories and is off until a policy sets it;
     * signatures are a warning (a freshly built, unsigned image is normal); everything else denies.
     */
    public static Level defaultLevel(String id) {
        return Map.of("vulnerability-sla", Level.OFF, "signed-and-attested", Level.WARN).getOrDefault(id, Level.DENY);
    }
}

package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.FileFact;
import dev.bulwark.policy.model.ImageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A runtime image has no shell: nothing named like one in PATH directories. */
public final class NoShell implements Rule {
    static final List<String> SHELLS = List.of("sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish",
            "busybox");

    @Override
    public String id() {
        return "no-shell";
    }

    @Override
    public String rationale() {
        return "a shell turns a code-execution bug into an interactive foothold and runs download-and-execute payloads";
    }

    @Override
    public String fix() {
        return "leave shells out of runtime images (they are excluded by default); use a dev variant for debugging";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("shells");
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) throws PolicyException {
        if (image.isDevVariant()) {
            return List.of(); // a dev variant carries a shell and tools on purpose; this rule is for runtime images
        }
        List<Violation> out = new ArrayList<>();
        for (FileFact f : Executables.named(image, params.strings("shells", SHELLS))) {
            out.add(new Violation(f.path(), "shell " + f.path() + " is present"));
        }
        return out;
    }
}

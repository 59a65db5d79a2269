package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.FileFact;
import dev.bulwark.policy.model.ImageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** No regular file carries the setuid or setgid bit, except paths the policy allows. */
public final class NoSetuidFiles implements Rule {
    @Override
    public String id() {
        return "no-setuid-files";
    }

    @Override
    public String rationale() {
        return "setuid and setgid programs are the classic way from a compromised process to more privilege";
    }

    @Override
    public String fix() {
        return "drop the package that ships the program, or list the path under 'allow' with a reason";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("allow");
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) throws PolicyException {
        List<String> allow = params.strings("allow", List.of());
        List<Violation> out = new ArrayList<>();
        for (FileFact f : image.files()) {
            if (f.isFile() && (f.mode() & 06000) != 0 && allow.stream().noneMatch(g -> Globs.matches(g, f.path()))) {
                out.add(new Violation(f.path(), f.path() + " is " + ((f.mode() & 04000) != 0 ? "setuid" : "setgid")
                        + " (mode " + String.format("%04o", f.mode()) + ")"));
            }
        }
        return out;
    }
}

package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.FileFact;
import dev.bulwark.policy.model.ImageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** No file or directory is writable by every user, outside the temporary and lock directories the policy allows (default: /tmp, /var/tmp, /dev/shm,
 * /var/lock, /run/lock). */
public final class NoWorldWritable implements Rule {
    static final List<String> DEFAULT_ALLOW = List.of("/tmp", "/var/tmp", "/dev/shm", "/var/lock", "/run/lock");

    @Override
    public String id() {
        return "no-world-writable";
    }

    @Override
    public String rationale() {
        return "a world-writable path lets any process plant code or data another process trusts";
    }

    @Override
    public String fix() {
        return "remove the o+w bit (spec paths: mode), or list the directory under 'allow'";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("allow");
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) throws PolicyException {
        List<String> allow = params.strings("allow", DEFAULT_ALLOW);
        List<Violation> out = new ArrayList<>();
        for (FileFact f : image.files()) {
            if (!f.isSymlink() && (f.mode() & 0002) != 0 && allow.stream().noneMatch(a -> Globs.under(a, f.path()))) {
                out.add(new Violation(f.path(), f.path() + " is world-writable (mode " + String.format("%04o", f.mode()) + ")"));
            }
        }
        return out;
    }
}

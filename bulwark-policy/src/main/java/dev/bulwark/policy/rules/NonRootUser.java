package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.ImageModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The image's default user is not root, by number or by a name /etc/passwd maps to uid 0. */
public final class NonRootUser implements Rule {
    @Override
    public String id() {
        return "non-root-user";
    }

    @Override
    public String rationale() {
        return "a process that escapes the container as root owns the host's kernel interface; non-root limits the damage";
    }

    @Override
    public String fix() {
        return "set the config's User to an unprivileged account (a spec's accounts.run-as, e.g. nonroot 65532)";
    }

    @Override
    public Set<String> parameters() {
        return Set.of();
    }

    @Override
    public String notApplicable(ImageModel image) {
        return image.digest() == null ? "a root directory has no image config" : null;
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) throws PolicyException {
        String user = image.config().user();
        if (user.isBlank()) {
            return List.of(new Violation("image", "no User is set, so the image runs as root"));
        }
        String name = user.split(":", 2)[0];
        if (name.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(name) == 0 ? List.of(new Violation("image", "User is '" + user + "' (uid 0)")) : List.of();
        }
        byte[] passwd = image.contents().read(p -> p.equals("/etc/passwd")).get("/etc/passwd");
        if (passwd == null) {
            return List.of(new Violation("image", "User '" + name + "' cannot be checked: the image has no /etc/passwd"));
        }
        for (String line : new String(passwd, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":");
            if (f.length >= 4 && f[0].equals(name)) {
                return f[2].equals("0") ? List.of(new Violation("image", "User '" + name + "' has uid 0 in /etc/passwd"))
                        : List.of();
            }
        }
        return List.of(new Violation("image", "User '" + name + "' is not in the image's /etc/passwd"));
    }
}

package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.FileFact;
import dev.bulwark.policy.model.ImageModel;
import dev.bulwark.policy.model.PackageFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A runtime image has no package manager: neither its programs in PATH nor its Debian packages. */
public final class NoPackageManager implements Rule {
    static final List<String> TOOLS = List.of("apt", "apt-get", "aptitude", "dpkg", "dpkg-deb", "apk", "rpm", "yum",
            "dnf", "microdnf");
    static final List<String> PACKAGES = List.of("apt", "dpkg", "aptitude");

    @Override
    public String id() {
        return "no-package-manager";
    }

    @Override
    public String rationale() {
        return "a package manager lets an intruder install tools, and an image that changes at run time is no longer the one that was checked";
    }

    @Override
    public String fix() {
        return "leave dpkg and apt out of runtime images (Bulwark excludes them by default) and rebuild to change packages";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("tools", "packages");
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) throws PolicyException {
        if (image.isDevVariant()) {
            return List.of(); // a dev variant carries a shell and tools on purpose; this rule is for runtime images
        }
        List<Violation> out = new ArrayList<>();
        for (FileFact f : Executables.named(image, params.strings("tools", TOOLS))) {
            out.add(new Violation(f.path(), "package manager " + f.path() + " is present"));
        }
        List<String> packages = params.strings("packages", PACKAGES);
        for (PackageFact p : image.packages()) {
            if (packages.contains(p.name())) {
                out.add(new Violation(p.name(), "package manager package " + p.name() + " " + p.version() + " is installed"));
            }
        }
        return out;
    }
}

package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.ImageModel;
import dev.bulwark.policy.model.PackageFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * No installed package is under a denied licence: each of a package's SPDX expressions (one per distinct licence
 * of its copyright file; all apply) must allow a choice that avoids the deny list. Deny entries are SPDX ids or
 * globs ({@code AGPL-*}).
 */
public final class LicenceDenyList implements Rule {
    static final List<String> DEFAULT_DENY = List.of("AGPL-*", "SSPL-*", "BUSL-*", "CC-BY-NC-*", "Commons-Clause");

    @Override
    public String id() {
        return "licence-deny-list";
    }

    @Override
    public String rationale() {
        return "shipping software under a licence the organisation cannot meet is a legal risk for every consumer of the image";
    }

    @Override
    public String fix() {
        return "replace the package, or add a policy exception for it with the legal review as reason";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("deny", "allow-packages");
    }

    /**
     * Whether a deny entry matches the id, ignoring case; a {@code LicenseRef-NAME} (a DEP-5 name with no SPDX
     * mapping) is also judged by NAME, so {@code SSPL-1.0} written in a copyright file is caught.
     */
    static boolean denied(List<String> deny, String id) {
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        String bare = lower.startsWith("licenseref-") ? lower.substring("licenseref-".length()) : lower;
        return deny.stream().map(d -> d.toLowerCase(java.util.Locale.ROOT))
                .anyMatch(d -> Globs.matches(d, lower) || Globs.matches(d, bare));
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) throws PolicyException {
        List<String> deny = params.strings("deny", DEFAULT_DENY);
        List<String> allowPackages = params.strings("allow-packages", List.of());
        List<Violation> out = new ArrayList<>();
        for (PackageFact p : image.packages()) {
            if (allowPackages.contains(p.name())) {
                continue;
            }
            for (String expression : p.licenses()) {
                if (!SpdxExpression.allowed(expression, id -> denied(deny, id))) {
                    out.add(new Violation(p.name(), p.name() + " " + p.version() + " is under " + expression
                            + ", which the deny list " + deny + " excludes"));
                }
            }
        }
        return out;
    }
}

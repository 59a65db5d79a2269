package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.ImageModel;
import java.util.List;
import java.util.Set;

/**
 * A check on one image. Its {@code id} is stable (policies and exceptions name it); {@code rationale} says in one
 * line why it matters and {@code fix} how to comply. {@code evaluate} returns what fails (empty: it passes).
 */
public interface Rule {
    String id();

    String rationale();

    String fix();

    /** The parameters the policy may set; any other key is an error in the policy file. */
    Set<String> parameters();

    /** Checks parameter values before any image is read (so a bad policy fails first, with its line). */
    default void validate(Params params) throws PolicyException {
    }

    /** Null when the rule applies to this image, else why it does not (e.g. a root directory has no config). */
    default String notApplicable(ImageModel image) {
        return null;
    }

    List<Violation> evaluate(ImageModel image, Params params) throws PolicyException;
}

package dev.bulwark.policy.gate;

import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.image.Image;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A check the build runs on the assembled images before anything is written to a registry or a tag moves (policy,
 * structure tests — implemented outside this module). A failing gate stops the build unless failures are allowed;
 * either way its report is attached to the published image as an in-toto attestation of {@code predicateType}.
 */
public interface Gate {

    /** A short name for messages: "policy", "tests". */
    String name();

    /** Whether the spec asks for this gate at all. */
    boolean appliesTo(Spec spec);

    /** Checks the images (per architecture); a failure is a result, an exception means the gate could not run. */
    Result check(Spec spec, Map<String, Image> images) throws BulwarkException;

    /** One gate's verdict: a one-line summary and the report to attach (a JSON predicate). */
    record Result(String gate, boolean passed, String summary, String predicateType, byte[] predicate) {
        public Result {
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(predicateType, "predicateType");
            predicate = predicate.clone();
        }

        @Override
        public byte[] predicate() {
            return predicate.clone();
        }
    }

    /** The gates of one build and whether failures may be published (recorded in the attached reports). */
    record Gates(List<Gate> gates, boolean allowFailed) {
        public static final Gates NONE = new Gates(List.of(), false);

        public Gates {
            gates = List.copyOf(gates);
        }
    }
}

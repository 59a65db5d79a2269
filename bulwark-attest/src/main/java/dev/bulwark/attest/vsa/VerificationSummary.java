package dev.bulwark.attest.vsa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.attest.internal.Json;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.attest.provenance.ResourceDescriptor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A SLSA Verification Summary Attestation v1 (https://slsa.dev/verification_summary/v1): who verified
 * ({@code verifierId}, {@code verifierVersion}), when, which artifact ({@code resourceUri}), against which policy,
 * from which attestations ({@code inputAttestations}: URI and digest of each), the result and the levels verified.
 * {@code verifiedLevels} holds {@code SLSA_BUILD_LEVEL_n} values or custom ones that do not start with
 * {@code SLSA_}; a failed verification states {@code FAILED} alone, as the specification asks.
 */
public record VerificationSummary(String verifierId, Map<String, String> verifierVersion, Instant timeVerified,
                                  String resourceUri, String policyUri, List<ResourceDescriptor> inputAttestations,
                                  boolean passed, List<String> verifiedLevels) {
    public static final String PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1";
    public static final String SLSA_VERSION = "1.0";

    public VerificationSummary {
        Objects.requireNonNull(verifierId, "verifierId");
        Objects.requireNonNull(timeVerified, "timeVerified");
        Objects.requireNonNull(resourceUri, "resourceUri");
        Objects.requireNonNull(policyUri, "policyUri");
        verifierVersion = java.util.Collections.unmodifiableMap(new TreeMap<>(verifierVersion));
        inputAttestations = List.copyOf(inputAttestations);
        verifiedLevels = passed ? List.copyOf(verifiedLevels) : List.of("FAILED");
        for (String level : verifiedLevels) {
            if (level.startsWith("SLSA_") && !level.matches("SLSA_BUILD_LEVEL_[0-3]")) {
                throw new IllegalArgumentException("verified level " + level + " is not a SLSA level");
            }
        }
        if (passed && verifiedLevels.isEmpty()) {
            throw new IllegalArgumentException("a passed verification names the levels it verified");
        }
    }

    /** The statement about {@code subjects} (the artifact's digests) carrying this summary. */
    public Statement statement(List<Subject> subjects) {
        return new Statement(subjects, PREDICATE_TYPE, predicate());
    }

    /** The predicate as compact JSON. */
    public byte[] predicate() {
        ObjectNode p = Json.object();
        ObjectNode verifier = p.putObject("verifier");
        verifier.put("id", verifierId);
        if (!verifierVersion.isEmpty()) {
            ObjectNode version = verifier.putObject("version");
            verifierVersion.forEach(version::put);
        }
        p.put("timeVerified", timeVerified.toString());
        p.put("resourceUri", resourceUri);
        p.putObject("policy").put("uri", policyUri);
        ArrayNode inputs = p.putArray("inputAttestations");
        for (ResourceDescriptor r : inputAttestations) {
            ObjectNode o = inputs.addObject();
            o.put("uri", r.uri() != null ? r.uri() : r.name());
            o.putObject("digest").put("sha256", r.sha256());
        }
        p.put("verificationResult", passed ? "PASSED" : "FAILED");
        ArrayNode levels = p.putArray("verifiedLevels");
        verifiedLevels.forEach(levels::add);
        p.put("slsaVersion", SLSA_VERSION);
        return Json.compact(p);
    }
}

package dev.bulwark.attest.vsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.attest.provenance.ResourceDescriptor;
import dev.bulwark.attest.signers.PredicateTypes;
import dev.bulwark.oci.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationSummaryTest {
    private static final Instant WHEN = Instant.parse("2026-12-01T12:00:00Z");

    private static VerificationSummary summary(boolean passed, List<String> levels) {
        return new VerificationSummary("urn:bulwark:reproducer", Map.of("bulwark", "0.1.0"), WHEN,
                "pkg:oci/python3@sha256%3A" + "aa".repeat(32), "urn:bulwark:policy:x",
                List.of(new ResourceDescriptor("prov", "host/repo:sha256-aa.att", "bb".repeat(32), null)), passed, levels);
    }

    @Test
    void predicate_hasTheFieldsOfSlsaVsaV1() throws Exception {
        JsonNode p = new ObjectMapper().readTree(summary(true, List.of("SLSA_BUILD_LEVEL_1", "BULWARK_REPRODUCED"))
                .predicate());
        assertThat(p.at("/verifier/id").asText()).isEqualTo("urn:bulwark:reproducer");
        assertThat(p.at("/verifier/version/bulwark").asText()).isEqualTo("0.1.0");
        assertThat(p.at("/timeVerified").asText()).isEqualTo("2026-12-01T12:00:00Z");
        assertThat(p.at("/resourceUri").asText()).startsWith("pkg:oci/python3@sha256%3Aaaaa");
        assertThat(p.at("/policy/uri").asText()).isEqualTo("urn:bulwark:policy:x");
        assertThat(p.at("/inputAttestations/0/uri").asText()).isEqualTo("host/repo:sha256-aa.att");
        assertThat(p.at("/inputAttestations/0/digest/sha256").asText()).isEqualTo("bb".repeat(32));
        assertThat(p.at("/verificationResult").asText()).isEqualTo("PASSED");
        assertThat(p.at("/verifiedLevels").toString()).isEqualTo("[\"SLSA_BUILD_LEVEL_1\",\"BULWARK_REPRODUCED\"]");
        assertThat(p.at("/slsaVersion").asText()).isEqualTo("1.0");
    }

    @Test
    void failedVerification_statesFailedAsItsOnlyLevel() throws Exception {
        JsonNode p = new ObjectMapper().readTree(summary(false, List.of("SLSA_BUILD_LEVEL_1")).predicate());
        assertThat(p.at("/verificationResult").asText()).isEqualTo("FAILED");
        assertThat(p.at("/verifiedLevels").toString()).isEqualTo("[\"FAILED\"]");
    }

    @Test
    void levels_refuseMadeUpSlsaNames() {
        assertThatThrownBy(() -> summary(true, List.of("SLSA_BUILD_LEVEL_9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a SLSA level");
    }

    @Test
    void statement_carriesTheVsaPredicateTypeThatVsaNames() {
        Statement st = summary(true, List.of("SLSA_BUILD_LEVEL_1")).statement(List.of(new Subject("python3",
                new Digest("aa".repeat(32)))));
        assertThat(st.predicateType()).isEqualTo(VerificationSummary.PREDICATE_TYPE)
                .isEqualTo(PredicateTypes.uri("vsa")).isEqualTo("https://slsa.dev/verification_summary/v1");
    }
}

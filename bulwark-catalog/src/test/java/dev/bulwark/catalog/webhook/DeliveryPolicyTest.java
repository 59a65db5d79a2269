package dev.bulwark.catalog.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Backoff doubles from the first delay up to the cap, jittered within its upper half; secrets are checked. */
class DeliveryPolicyTest {
    static final DeliveryPolicy POLICY = new DeliveryPolicy(8, Duration.ofSeconds(5), Duration.ofMinutes(1),
            Duration.ofSeconds(10));

    record Case(int attempt, long ceilingMillis) {
    }

    static Stream<Case> cases() {
        return Stream.of(new Case(1, 5_000), new Case(2, 10_000), new Case(3, 20_000), new Case(4, 40_000),
                new Case(5, 60_000), new Case(30, 60_000));
    }

    @ParameterizedTest(name = "attempt {0}")
    @MethodSource("cases")
    void delayAfter_doublesUpToTheCapWithJitterInItsUpperHalf(Case c) {
        SplittableRandom random = new SplittableRandom(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long d = POLICY.delayAfter(c.attempt(), random).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(max).isLessThanOrEqualTo(c.ceilingMillis()).isGreaterThan(c.ceilingMillis() * 9 / 10);
        assertThat(min).isGreaterThanOrEqualTo(c.ceilingMillis() / 2).isLessThan(c.ceilingMillis() * 6 / 10);
    }

    @Test
    void policy_refusesBoundsThatMakeNoSense() {
        assertThatThrownBy(() -> new DeliveryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliveryPolicy(3, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliveryPolicy(3, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secret_isWhsecAndBase64Of24To64Bytes_andNeverPrinted() {
        String ok = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(new WebhookSecret(ok).key()).hasSize(32);
        assertThat(new WebhookSecret(ok).toString()).doesNotContain(ok.substring(6));
        assertThatThrownBy(() -> new WebhookSecret("hunter2")).hasMessageContaining("starts with whsec_");
        assertThatThrownBy(() -> new WebhookSecret("whsec_***")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> new WebhookSecret("whsec_" + Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("holds 24 to 64 bytes; this one holds 16");
        assertThat(WebhookSecret.generate(new SplittableRandom(1)).value()).startsWith("whsec_")
                .isNotEqualTo(WebhookSecret.generate(new SplittableRandom(2)).value());
    }

    @Test
    void signatures_oneV1EntryPerSecretInOrder() {
        WebhookSecret a = WebhookSecret.generate(new SplittableRandom(1));
        WebhookSecret b = WebhookSecret.generate(new SplittableRandom(2));
        byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String both = Signatures.header("msg_1", 1_700_000_000L, body, java.util.List.of(a, b));
        String[] parts = both.split(" ");
        assertThat(parts).hasSize(2).allMatch(p -> p.startsWith("v1,"));
        assertThat(parts[0]).isEqualTo(Signatures.header("msg_1", 1_700_000_000L, body, java.util.List.of(a)));
        assertThat(Signatures.header("msg_1", 1_700_000_001L, body, java.util.List.of(a))).isNotEqualTo(parts[0]);
        assertThat(Signatures.header("msg_2", 1_700_000_000L, body, java.util.List.of(a))).isNotEqualTo(parts[0]);
    }
}

package dev.bulwark.catalog.store;

import static dev.bulwark.catalog.store.Synthetic.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.costs.CostReport;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.webhook.DeliveryAttempt;
import dev.bulwark.catalog.webhook.DeliveryPolicy;
import dev.bulwark.catalog.webhook.DeliveryReport;
import dev.bulwark.catalog.webhook.Webhook;
import dev.bulwark.catalog.webhook.WebhookSecret;
import dev.bulwark.catalog.webhook.Webhooks;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Releases, webhooks and costs on every catalog database: {@code SqliteNotificationsTest} and
 * {@code PostgresNotificationsIT}. A real HTTP receiver on 127.0.0.1 checks each signature with its own code.
 */
abstract class NotificationsContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final DeliveryPolicy QUICK = new DeliveryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200),
            Duration.ofMillis(3000));
    /** A year before the fixtures' time, so every delivery queued is due by the wall clock. */
    static final java.time.Instant START = T0.minus(Duration.ofDays(365));
    final TestClock clock = new TestClock(START);
    Catalog catalog;
    Webhooks webhooks;
    WebhookSecret secret = WebhookSecret.generate(new SecureRandom());

    abstract CatalogLocation newLocation() throws Exception;

    @BeforeEach
    void openCatalog() throws Exception {
        catalog = Catalog.open(newLocation(), Duration.ofSeconds(5), clock);
        // Deliveries are timed by the wall clock: the catalog's test clock is in the past, so all is due at once.
        webhooks = new Webhooks(catalog.database(), Clock.systemUTC(), new SecureRandom());
    }

    /** Two published builds of "a": the second upgrades libc6 and fixes CVE-2026-0001. */
    void releaseTwice() throws Exception {
        catalog.define(Synthetic.image("a", "oci:/out/a:latest"));
        catalog.recordBuild(published(Synthetic.build("a", Synthetic.packages("libc6=2.41-12/glibc=2.41-12", "zlib1g=1:1.3"),
                List.of(), Synthetic.scan(1, 0), List.of(new Vulnerability("CVE-2026-0001", "libc6", "2.41-12",
                        "2.41-12+deb13u1", "high"))), "1"));
        clock.advance(Duration.ofDays(40));
        catalog.recordBuild(published(Synthetic.build("a", Synthetic.packages("libc6=2.41-12+deb13u1/glibc=2.41-12+deb13u1",
                "zlib1g=1:1.3"), List.of(), Synthetic.scan(0, 0), List.of()), "2"));
    }

    @Test
    void release_reachesTheReceiverOnceEachSignedAsCloudEvents() throws Exception {
        try (Receiver receiver = new Receiver()) {
            webhooks.add(receiver.url(), "ci", List.of(), secret);
            releaseTwice();
            DeliveryReport report = webhooks.deliver(QUICK, Duration.ZERO);
            assertThat(report.delivered()).isEqualTo(2);
            assertThat(report.allDelivered()).isTrue();

            List<Receiver.Request> got = receiver.requests();
            assertThat(got).hasSize(2);
            for (Receiver.Request r : got) {
                assertThat(SignatureCheck.verifies(secret.value(), r)).as("signature of " + r.headers()).isTrue();
                assertThat(r.headers()).containsEntry("content-type", "application/cloudevents+json");
                JsonNode event = JSON.readTree(r.body());
                assertThat(event.get("specversion").asText()).isEqualTo("1.0");
                assertThat(event.get("id").asText()).isEqualTo(r.headers().get("webhook-id"));
                assertThat(event.get("type").asText()).isEqualTo("dev.bulwark.image.released");
                assertThat(event.get("source").asText()).isEqualTo("/bulwark/catalog/images/a");
                assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
                assertThat(event.get("time").asText()).isNotBlank();
            }
            JsonNode second = JSON.readTree(got.get(1).body()).get("data");
            assertThat(second.get("build").asInt()).isEqualTo(2);
            assertThat(second.get("previousBuild").asInt()).isEqualTo(1);
            assertThat(second.get("changes").findValuesAsText("change")).containsOnly("upgraded");
            assertThat(second.get("changes").findValuesAsText("name")).containsOnly("libc6");
            assertThat(second.get("fixed").findValuesAsText("id")).containsExactly("CVE-2026-0001");
            assertThat(second.get("platforms")).hasSize(2);

            // A second run has nothing left to send.
            assertThat(webhooks.deliver(QUICK, Duration.ZERO).attempts()).isEmpty();
            assertThat(receiver.requests()).hasSize(2);
        }
    }

    @Test
    void outage_isRetriedWithBackoffUntilTheReceiverTakesIt() throws Exception {
        try (Receiver receiver = new Receiver(503, 503)) {
            webhooks.add(receiver.url(), "ci", List.of(), secret);
            releaseTwice();
            DeliveryReport report = webhooks.deliver(QUICK, Duration.ofSeconds(10));
            assertThat(report.delivered()).isEqualTo(2);
            List<Receiver.Request> got = receiver.requests();
            assertThat(got).extracting(Receiver.Request::answered).containsExactly(503, 503, 200, 200);
            assertThat(report.attempts()).extracting(DeliveryAttempt::outcome)
                    .containsExactlyInAnyOrder("retry", "retry", "delivered", "delivered");
            for (Receiver.Request r : got) {
                assertThat(SignatureCheck.verifies(secret.value(), r)).isTrue();
            }
            // The retry of an event carries the same webhook-id (receivers deduplicate on it).
            assertThat(got.stream().map(r -> r.headers().get("webhook-id")).distinct()).hasSize(2);
            assertThat(webhooks.log("ci", 10)).hasSize(report.attempts().size()).first().extracting(DeliveryAttempt::outcome).isEqualTo("delivered");
        }
    }

    @Test
    void outage_keepsTheDeliveryQueuedForALaterRun() throws Exception {
        try (Receiver receiver = new Receiver(503)) {
            webhooks.add(receiver.url(), "ci", List.of(), secret);
            catalog.define(Synthetic.image("a", "oci:/out/a:latest"));
            catalog.recordBuild(published(Synthetic.build("a", "libc6=2.41-12"), "1"));
            // A retry 2-4 s away: on a slow machine a 25-50 ms one falls due within this very run.
            DeliveryReport during = webhooks.deliver(new DeliveryPolicy(4, Duration.ofSeconds(4), Duration.ofSeconds(4),
                    Duration.ofMillis(3000)), Duration.ZERO);
            assertThat(during.pending()).isEqualTo(1);
            assertThat(during.delivered()).isZero();

            // The receiver is back; a later run sends what the first one kept queued.
            DeliveryReport after = webhooks.deliver(QUICK, Duration.ofSeconds(10));
            assertThat(after.delivered()).isEqualTo(1);
            assertThat(after.pending()).isZero();
            List<Receiver.Request> got = receiver.requests();
            assertThat(got).extracting(Receiver.Request::answered).containsExactly(503, 200);
            assertThat(SignatureCheck.verifies(secret.value(), got.get(1))).isTrue();
            assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
        }
    }

    @Test
    void hangingEndpoint_isTimedOutAndRetried() throws Exception {
        try (Receiver receiver = new Receiver(Receiver.HANG)) {
            webhooks.add(receiver.url(), "slow", List.of(), secret);
            catalog.define(Synthetic.image("a", "oci:/out/a:latest"));
            catalog.recordBuild(published(Synthetic.build("a", "libc6=2.41-12"), "1"));
            long start = System.nanoTime();
            DeliveryReport report = webhooks.deliver(QUICK, Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(7500));
            assertThat(report.delivered()).isEqualTo(1);
            DeliveryAttempt first = report.attempts().get(0);
            assertThat(first.outcome()).isEqualTo("retry");
            assertThat(first.status()).isNull();
            assertThat(first.error()).contains("no answer within 3000 ms");
        }
    }

    @Test
    void gone_disablesTheEndpointAndCancelsWhatWasQueued() throws Exception {
        try (Receiver receiver = new Receiver(410)) {
            webhooks.add(receiver.url(), "old", List.of(), secret);
            releaseTwice();
            DeliveryReport report = webhooks.deliver(QUICK, Duration.ofSeconds(5));
            assertThat(report.attempts()).extracting(DeliveryAttempt::outcome).containsExactly("disabled");
            assertThat(report.disabled()).isEqualTo(2);
            Webhook hook = webhooks.find("old");
            assertThat(hook.enabled()).isFalse();
            assertThat(hook.disabledReason()).contains("410");
            assertThat(receiver.requests()).hasSize(1);

            // A disabled endpoint gets nothing new queued.
            clock.advance(Duration.ofDays(1));
            catalog.recordBuild(published(Synthetic.build("a", "libc6=2.41-13"), "3"));
            assertThat(webhooks.deliver(QUICK, Duration.ZERO).attempts()).isEmpty();
        }
    }

    @Test
    void rotation_signsWithTheNewAndTheOldSecretDuringTheOverlap() throws Exception {
        try (Receiver receiver = new Receiver()) {
            webhooks.add(receiver.url(), "ci", List.of(), secret);
            WebhookSecret next = WebhookSecret.generate(new SecureRandom());
            webhooks.rotateSecret("ci", next, Duration.ofHours(1));
            assertThat(webhooks.test("ci", QUICK, Duration.ZERO).delivered()).isEqualTo(1);
            Receiver.Request r = receiver.requests().get(0);
            assertThat(r.headers().get("webhook-signature").split(" ")).hasSize(2);
            assertThat(SignatureCheck.verifies(next.value(), r)).isTrue();
            assertThat(SignatureCheck.verifies(secret.value(), r)).isTrue();
            assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("dev.bulwark.webhook.test");

            webhooks.rotateSecret("ci", WebhookSecret.generate(new SecureRandom()), Duration.ZERO);
            webhooks.test("ci", QUICK, Duration.ZERO);
            Receiver.Request after = receiver.requests().get(1);
            assertThat(after.headers().get("webhook-signature").split(" ")).hasSize(1);
            assertThat(SignatureCheck.verifies(next.value(), after)).isFalse();
        }
    }

    @Test
    void events_onlyTheTypesAnEndpointTakes() throws Exception {
        try (Receiver receiver = new Receiver()) {
            webhooks.add(receiver.url(), "rollbacks", List.of("dev.bulwark.image.rolledback"), secret);
            releaseTwice();
            assertThat(webhooks.deliver(QUICK, Duration.ZERO).attempts()).isEmpty();
            catalog.recordRollback("a", 1, List.of(new Publication("oci:/out/a:latest", Synthetic.digest("1"),
                    Publication.Kind.MOVING, 0, T0, null)));
            assertThat(webhooks.deliver(QUICK, Duration.ZERO).delivered()).isEqualTo(1);
            JsonNode event = JSON.readTree(receiver.requests().get(0).body());
            assertThat(event.get("type").asText()).isEqualTo("dev.bulwark.image.rolledback");
            assertThat(event.get("data").get("build").asInt()).isEqualTo(1);
            assertThat(event.get("data").get("previousBuild").asInt()).isEqualTo(2);
        }
    }

    @Test
    void releases_areNewestFirstWithARollbackAsARelease() throws Exception {
        releaseTwice();
        clock.advance(Duration.ofHours(1));
        catalog.recordRollback("a", 1, List.of(new Publication("oci:/out/a:latest", Synthetic.digest("1"),
                Publication.Kind.MOVING, 0, T0, null)));
        List<Release> releases = catalog.releases("a", 10);
        assertThat(releases).extracting(Release::title).containsExactly("a rolled back to build 1 (from build 2)",
                "a build 2 released", "a build 1 released");
        assertThat(releases.get(2).first()).isTrue();
        assertThat(releases).extracting(Release::eventId).doesNotHaveDuplicates();
        assertThat(catalog.publications("a")).filteredOn(p -> p.reference().equals("oci:/out/a:latest")
                && p.replacedAt() == null).extracting(Publication::build).containsExactly(1);
    }

    @Test
    void costs_sumBuildTimeBytesAndRebuildsPerImagePerMonth() throws Exception {
        releaseTwice(); // builds in November and December
        catalog.define(Synthetic.image("b"));
        catalog.recordBuild(Synthetic.build("b", "x=1")); // not published: nothing pushed (started at T0)
        List<dev.bulwark.catalog.costs.BuildCost> builds = catalog.buildCosts(START);
        CostReport report = CostReport.of(START, builds);
        assertThat(report.rows()).extracting(r -> r.image() + " " + r.month() + " " + r.builds() + "/" + r.rebuilds())
                .containsExactly("a 2025-11 1/0", "a 2025-12 1/1", "b 2026-11 1/0");
        assertThat(report.rows().get(2).pushedBytes()).isZero();
        CostReport.Row november = report.rows().get(0);
        assertThat(november.month()).isEqualTo(YearMonth.of(2025, 11));
        assertThat(november.buildTime()).isEqualTo(Duration.ofMillis(1234));
        assertThat(november.storedBytes()).isEqualTo(builds.get(0).storedBytes()).isPositive();
        assertThat(november.pushedBytes()).isEqualTo(november.storedBytes()); // one layout, both tags share blobs
        assertThat(report.total().builds()).isEqualTo(3);
        assertThat(report.total().pushedBytes()).isEqualTo(november.pushedBytes() + report.rows().get(1).pushedBytes());
        assertThat(catalog.buildCosts(START.plus(Duration.ofDays(2)))).extracting(c -> c.image() + c.build())
                .containsExactly("a2", "b1");
    }

    /** The build as published now at oci:/out/a (a timestamped tag and latest) with digest seed {@code seed}. */
    NewBuild published(NewBuild b, String seed) {
        return new NewBuild(b.image(), b.reason(), b.specSha256(), b.lockSha256(), b.lockJson(), b.sourceDateEpoch(),
                Synthetic.digest(seed), b.platforms(), b.packages(), b.attestations(), b.scan(), b.findings(),
                List.of(Synthetic.published("oci:/out/a:latest-" + seed, Publication.Kind.IMMUTABLE, seed),
                        Synthetic.published("oci:/out/a:latest", Publication.Kind.MOVING, seed)),
                clock.instant(), b.duration());
    }
}

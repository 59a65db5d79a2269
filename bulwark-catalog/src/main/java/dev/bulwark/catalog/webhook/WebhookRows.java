package dev.bulwark.catalog.webhook;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** SQL over {@code webhooks}, {@code webhook_deliveries} (the outbox) and {@code webhook_attempts} (the log). */
final class WebhookRows {
    private static final String WEBHOOK = "SELECT id, name, url, events, enabled, disabled_reason, created_at, secret, "
            + "previous_secret, previous_until FROM webhooks ";

    /** A delivery that is due, as claimed for one attempt. */
    record Due(long id, long webhookId, String eventId, String eventType, String body, int attempts) {
    }

    private WebhookRows() {
    }

    static long insert(Connection c, String name, URI url, List<String> events, WebhookSecret secret, long now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO webhooks (name, url, secret, events, enabled, "
                + "created_at) VALUES (?, ?, ?, ?, 1, ?) RETURNING id")) {
            s.setString(1, name);
            s.setString(2, url.toString());
            s.setString(3, secret.value());
            s.setString(4, String.join(" ", events));
            s.setLong(5, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static List<Webhook> all(Connection c) throws SQLException {
        List<Webhook> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(WEBHOOK + "ORDER BY name"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(webhook(rs));
            }
        }
        return out;
    }

    /** By name, or by id when {@code ref} is a number. */
    static Optional<Webhook> find(Connection c, String ref) throws SQLException {
        boolean byId = ref.matches("[0-9]{1,18}");
        try (PreparedStatement s = c.prepareStatement(WEBHOOK + (byId ? "WHERE id = ?" : "WHERE name = ?"))) {
            if (byId) {
                s.setLong(1, Long.parseLong(ref));
            } else {
                s.setString(1, ref);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(webhook(rs)) : Optional.empty();
            }
        }
    }

    static void delete(Connection c, long id) throws SQLException {
        update(c, "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries "
                + "WHERE webhook_id = ?)", id);
        update(c, "DELETE FROM webhook_deliveries WHERE webhook_id = ?", id);
        update(c, "DELETE FROM webhooks WHERE id = ?", id);
    }

    static void rotate(Connection c, long id, WebhookSecret next, WebhookSecret previous, Instant until)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE webhooks SET secret = ?, previous_secret = ?, previous_until = ? WHERE id = ?")) {
            s.setString(1, next.value());
            s.setString(2, previous.value());
            s.setLong(3, until.toEpochMilli());
            s.setLong(4, id);
            s.executeUpdate();
        }
    }

    /** Disables the endpoint and cancels what was still pending for it. */
    static void disable(Connection c, long id, String reason, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE webhooks SET enabled = 0, disabled_reason = ? WHERE id = ?")) {
            s.setString(1, reason);
            s.setLong(2, id);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE webhook_deliveries SET state = 'cancelled', finished_at = ? "
                + "WHERE webhook_id = ? AND state = 'pending'")) {
            s.setLong(1, now);
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    /** Pending deliveries due at {@code now}, oldest first; only of {@code eventId} when not null. */
    static List<Due> due(Connection c, long now, String eventId, int limit) throws SQLException {
        List<Due> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, webhook_id, event_id, event_type, body, attempts "
                + "FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?"
                + (eventId == null ? "" : " AND event_id = ?") + " ORDER BY next_attempt_at, id")) {
            s.setLong(1, now);
            if (eventId != null) {
                s.setString(2, eventId);
            }
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getInt(6)));
                }
            }
        }
        return out;
    }

    /**
     * Claims a due delivery for one attempt: pushes its next attempt past {@code leaseUntil} unless another
     * process claimed it first (then false). A process that dies mid-attempt leaves it due again after the lease.
     */
    static boolean claim(Connection c, Due d, long now, long leaseUntil) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? "
                + "AND state = 'pending' AND attempts = ? AND next_attempt_at <= ?")) {
            s.setLong(1, leaseUntil);
            s.setLong(2, d.id());
            s.setInt(3, d.attempts());
            s.setLong(4, now);
            return s.executeUpdate() == 1;
        }
    }

    /** Records attempt {@code attempt} and the delivery's new state ({@code next} matters for pending only). */
    static void attempted(Connection c, Due d, DeliveryAttempt a, String state, long next) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO webhook_attempts (delivery_id, attempt, at, "
                + "duration_ms, status, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, d.id());
            s.setInt(2, a.attempt());
            s.setLong(3, a.at().toEpochMilli());
            s.setLong(4, a.took().toMillis());
            if (a.status() == null) {
                s.setNull(5, Types.INTEGER);
            } else {
                s.setInt(5, a.status());
            }
            s.setString(6, a.outcome());
            s.setString(7, a.error());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE webhook_deliveries SET attempts = ?, state = ?, "
                + "next_attempt_at = ?, finished_at = ? WHERE id = ?")) {
            s.setInt(1, a.attempt());
            s.setString(2, state);
            s.setLong(3, next);
            if (state.equals("pending")) {
                s.setNull(4, Types.BIGINT);
            } else {
                s.setLong(4, a.at().plus(a.took()).toEpochMilli());
            }
            s.setLong(5, d.id());
            s.executeUpdate();
        }
    }

    /** When the next pending delivery falls due (of {@code eventId} only when not null). */
    static OptionalLong nextDue(Connection c, String eventId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MIN(next_attempt_at) FROM webhook_deliveries "
                + "WHERE state = 'pending'" + (eventId == null ? "" : " AND event_id = ?"))) {
            if (eventId != null) {
                s.setString(1, eventId);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long at = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(at);
            }
        }
    }

    static int count(Connection c, String state, String eventId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM webhook_deliveries WHERE state = ?"
                + (eventId == null ? "" : " AND event_id = ?"))) {
            s.setString(1, state);
            if (eventId != null) {
                s.setString(2, eventId);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Attempts newest first, of one endpoint when {@code webhookId} is not null. */
    static List<DeliveryAttempt> log(Connection c, Long webhookId, int limit) throws SQLException {
        List<DeliveryAttempt> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT w.name, d.event_id, d.event_type, a.attempt, a.at, "
                + "a.duration_ms, a.status, a.outcome, a.error FROM webhook_attempts a "
                + "JOIN webhook_deliveries d ON d.id = a.delivery_id JOIN webhooks w ON w.id = d.webhook_id "
                + (webhookId == null ? "" : "WHERE w.id = ? ") + "ORDER BY a.at DESC, a.id DESC")) {
            if (webhookId != null) {
                s.setLong(1, webhookId);
            }
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(7);
                    Integer shown = rs.wasNull() ? null : status;
                    out.add(new DeliveryAttempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            Instant.ofEpochMilli(rs.getLong(5)), Duration.ofMillis(rs.getLong(6)), shown,
                            rs.getString(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    private static Webhook webhook(ResultSet rs) throws SQLException {
        String previous = rs.getString(9);
        long until = rs.getLong(10);
        return new Webhook(rs.getLong(1), rs.getString(2), URI.create(rs.getString(3)), List.of(rs.getString(4).split(" ")),
                rs.getInt(5) == 1, rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), new WebhookSecret(rs.getString(8)),
                previous == null ? null : new WebhookSecret(previous), previous == null ? null : Instant.ofEpochMilli(until));
    }

    private static void update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }
}

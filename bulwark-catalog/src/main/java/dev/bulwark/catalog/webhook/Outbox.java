package dev.bulwark.catalog.webhook;

import dev.bulwark.catalog.release.Release;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox: an event becomes one pending delivery per enabled endpoint that takes its type, written in the
 * transaction that records the event, so an endpoint that is down (or a process that dies before sending) loses
 * nothing; {@link Webhooks#deliver} sends them later.
 */
public final class Outbox {
    private Outbox() {
    }

    /** Queues the announcement of {@code release}; returns how many deliveries were queued. */
    public static int enqueue(Connection c, Release release, long now) throws SQLException {
        return enqueue(c, release.eventId(), release.kind().eventType(), CloudEvents.release(release), now, null);
    }

    /** Queues {@code body} for every endpoint that takes {@code type}, or only for {@code webhookId} when not null. */
    static int enqueue(Connection c, String eventId, String type, byte[] body, long now, Long webhookId)
            throws SQLException {
        List<Long> targets = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, events FROM webhooks WHERE enabled = 1"
                + (webhookId == null ? "" : " AND id = ?") + " ORDER BY id")) {
            if (webhookId != null) {
                s.setLong(1, webhookId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<String> events = List.of(rs.getString(2).split(" "));
                    if (webhookId != null || events.contains("*") || events.contains(type)) {
                        targets.add(rs.getLong(1));
                    }
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, "
                + "body, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)")) {
            for (long id : targets) {
                s.setLong(1, id);
                s.setString(2, eventId);
                s.setString(3, type);
                s.setString(4, new String(body, StandardCharsets.UTF_8));
                s.setLong(5, now);
                s.setLong(6, now);
                s.addBatch();
            }
            s.executeBatch();
        }
        return targets.size();
    }
}

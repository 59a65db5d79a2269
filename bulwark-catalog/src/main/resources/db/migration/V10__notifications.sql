-- Bulwark catalog, schema version 10: releases (what the feeds and webhooks announce), webhook endpoints, their
-- outbox of deliveries and every delivery attempt, and the bytes a build pushed (for 'catalog costs').
-- Versions 10-19 belong to notifications, rollback and costs; 20+ to the watcher.

-- A release: a build whose tags moved to it, either as a new build or by a rollback to an older one.
CREATE TABLE releases (
    id ${id},
    event_id TEXT NOT NULL UNIQUE,             -- the CloudEvents id and webhook-id of its announcement
    kind TEXT NOT NULL,                        -- released | rolled-back
    image_id BIGINT NOT NULL REFERENCES images (id),
    build_id BIGINT NOT NULL REFERENCES builds (id),
    from_build_id BIGINT REFERENCES builds (id), -- what the tags held before; null for an image's first release
    at BIGINT NOT NULL
);
CREATE INDEX releases_image ON releases (image_id, at);
CREATE INDEX releases_at ON releases (at);

-- Where events are POSTed. A secret is "whsec_<base64>"; during a rotation the previous one signs too.
CREATE TABLE webhooks (
    id ${id},
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_until BIGINT,                     -- the previous secret signs until then
    events TEXT NOT NULL,                      -- event types, space-separated; '*' for every type
    enabled INTEGER NOT NULL DEFAULT 1,        -- 0 once disabled (an endpoint answered 410 Gone)
    disabled_reason TEXT,
    created_at BIGINT NOT NULL
);

-- The outbox: one row per event and endpoint, written in the transaction that records the event.
CREATE TABLE webhook_deliveries (
    id ${id},
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    body TEXT NOT NULL,                        -- the CloudEvent exactly as every attempt sends it
    state TEXT NOT NULL,                       -- pending | delivered | failed | cancelled
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);

CREATE TABLE webhook_attempts (
    id ${id},
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    at BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    status INTEGER,                            -- the HTTP status; null when none came (refused, timed out)
    outcome TEXT NOT NULL,                     -- delivered | retry | failed | disabled
    error TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);

-- Bytes written to the publish targets: every layer and config once per distinct target repository or layout
-- (an upper bound: a registry that has a blob already skips it). Null for builds recorded before version 10.
ALTER TABLE builds ADD COLUMN pushed_bytes BIGINT;

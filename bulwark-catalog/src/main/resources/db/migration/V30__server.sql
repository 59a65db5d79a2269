-- Bulwark catalog, schema version 30: what `bulwark serve` keeps beside the catalog.
-- Versions 10+ and 20+ belong to other features; each feature numbers its migrations in its own decade.

-- API tokens. Only the SHA-256 of a token is stored (tokens are 32 random bytes, so a fast hash is enough: there
-- is no dictionary to try); the token itself is shown once, when it is created.
CREATE TABLE tokens (
    id ${id},
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,                        -- read | build | admin
    token_sha256 TEXT NOT NULL UNIQUE,         -- hex
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,                       -- updated at most once a minute per token
    revoked_at BIGINT                          -- a revoked token stays listed and never authenticates again
);

-- "Rebuild this image now", as asked through the API; a worker takes them in id order.
CREATE TABLE rebuild_requests (
    id ${id},
    image_id BIGINT NOT NULL REFERENCES images (id),
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL,                -- the token's name
    requested_at BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued'       -- queued | running | done | failed
);
CREATE INDEX rebuild_requests_state ON rebuild_requests (state, id);
CREATE INDEX rebuild_requests_image ON rebuild_requests (image_id, id);

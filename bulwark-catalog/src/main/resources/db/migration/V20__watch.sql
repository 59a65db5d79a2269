-- Bulwark catalog, schema version 20: the patch loop (watch, planner, SLA clock).
-- Versions 20 and up belong to the watcher; see V1 for the conventions (${id}, epoch milliseconds, digests).

-- Which catalogued image a customization builds on, resolved from images.base_ref (a catalogued image's name, spec
-- path or publish target). Refreshed by every watch cycle, so a base catalogued later is found then.
CREATE TABLE image_bases (
    image_id BIGINT NOT NULL PRIMARY KEY REFERENCES images (id),
    base_image_id BIGINT NOT NULL REFERENCES images (id),
    resolved_at BIGINT NOT NULL
);
CREATE INDEX image_bases_base ON image_bases (base_image_id);

-- Each suite's InRelease as the watcher saw it: one row per distinct InRelease (its SHA-256).
CREATE TABLE watch_releases (
    suite TEXT NOT NULL,
    inrelease_sha256 TEXT NOT NULL,
    release_date BIGINT,                      -- the InRelease Date, when it has one
    first_seen_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (suite, inrelease_sha256)
);

-- A newer version of a package as first seen in a suite; the SLA clock of the CVEs it fixes starts at seen_at
-- (the Date of the InRelease it was first seen in, or when the watcher first saw it).
CREATE TABLE watch_candidates (
    suite TEXT NOT NULL,
    package TEXT NOT NULL,
    architecture TEXT NOT NULL,
    version TEXT NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (suite, package, architecture, version)
);

-- One row per planner decision, each written in one transaction; a rebuild's outcome is written when it ends.
CREATE TABLE watch_decisions (
    id ${id},
    run_id TEXT NOT NULL,
    image_id BIGINT NOT NULL REFERENCES images (id),
    build_id BIGINT REFERENCES builds (id),   -- the image's current build when it was decided
    decided_at BIGINT NOT NULL,
    action TEXT NOT NULL,                     -- rebuild | no-rebuild
    rule TEXT NOT NULL,                       -- which rule decided (security-fix, base-rebuilt, …)
    reason TEXT NOT NULL,
    state_key TEXT NOT NULL,                  -- digest of what it was decided on: spec, lock, InReleases, advisories
    outcome TEXT NOT NULL,                    -- pending | published | unchanged | failed | none
    outcome_build_id BIGINT REFERENCES builds (id),
    outcome_message TEXT,
    heartbeat_at BIGINT,                      -- a pending rebuild's watcher is alive while this keeps moving
    finished_at BIGINT
);
CREATE INDEX watch_decisions_image ON watch_decisions (image_id, id);
CREATE INDEX watch_decisions_outcome ON watch_decisions (outcome, image_id);

-- The SLA clock per (image, CVE): from the fix first seen in a suite the image builds from to the rebuilt image
-- that has it published. Open while closed_at is null.
CREATE TABLE sla_clocks (
    image_id BIGINT NOT NULL REFERENCES images (id),
    vulnerability TEXT NOT NULL,
    source_package TEXT NOT NULL,
    fixed_version TEXT NOT NULL,
    suite TEXT NOT NULL,
    fix_seen_at BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    closed_at BIGINT,
    closed_build_id BIGINT REFERENCES builds (id),
    PRIMARY KEY (image_id, vulnerability)
);
CREATE INDEX sla_clocks_open ON sla_clocks (closed_at, image_id);

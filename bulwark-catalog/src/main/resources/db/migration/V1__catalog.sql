-- Bulwark catalog, schema version 1.
-- Written in the SQL that SQLite and PostgreSQL share; ${id} is the vendor's auto-numbered 64-bit primary key
-- (Catalogs.java supplies it). Times are Unix epoch milliseconds, UTC. Digests are "sha256:<hex>".
-- A migration is never edited once released: add V2__… instead, and raise CatalogDatabase.SCHEMA_VERSION.

-- What an image is: its spec as catalogued, what it builds on, where it is published.
CREATE TABLE images (
    id ${id},
    name TEXT NOT NULL UNIQUE,
    spec_path TEXT NOT NULL,
    spec_sha256 TEXT NOT NULL,
    spec_text TEXT NOT NULL,
    distribution TEXT,                         -- a base image: the Debian codename it builds from
    base_ref TEXT,                             -- a customization: the base it names (reference or spec path)
    archs TEXT NOT NULL,                       -- Debian architectures, space-separated
    update_policy TEXT NOT NULL DEFAULT 'security', -- for the watcher: security | always-update
    build_count INTEGER NOT NULL DEFAULT 0,    -- numbers the image's builds 1, 2, …; bumped under the row lock
    current_build_id BIGINT,                   -- the newest recorded build (no FK: builds references images)
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX images_current_build ON images (current_build_id);

CREATE TABLE publish_targets (
    image_id BIGINT NOT NULL REFERENCES images (id),
    position INTEGER NOT NULL,
    reference TEXT NOT NULL,                   -- as given, paths made absolute; tags move, timestamped tags stay
    PRIMARY KEY (image_id, position)
);

-- One row per build: the lock it was made from and what came out.
CREATE TABLE builds (
    id ${id},
    image_id BIGINT NOT NULL REFERENCES images (id),
    number INTEGER NOT NULL,
    reason TEXT NOT NULL,                      -- why it was built: "catalog add", later the planner's decision
    spec_sha256 TEXT NOT NULL,
    lock_sha256 TEXT NOT NULL,
    lock_json TEXT NOT NULL,
    source_date_epoch BIGINT NOT NULL,
    index_digest TEXT,                         -- the multi-platform index, when one was written
    compressed_bytes BIGINT NOT NULL,          -- layers of every platform
    package_bytes BIGINT NOT NULL,             -- the .debs of every platform
    started_at BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    UNIQUE (image_id, number)
);
CREATE INDEX builds_image ON builds (image_id, number);

CREATE TABLE build_platforms (
    build_id BIGINT NOT NULL REFERENCES builds (id),
    arch TEXT NOT NULL,                        -- Debian architecture
    platform TEXT NOT NULL,                    -- OCI os/arch[/variant]
    manifest_digest TEXT NOT NULL,
    config_digest TEXT NOT NULL,
    layers INTEGER NOT NULL,
    compressed_bytes BIGINT NOT NULL,
    PRIMARY KEY (build_id, arch)
);

-- Evidence attached to a build: sbom-spdx, sbom-cyclonedx, provenance, signature, test, policy, vex.
CREATE TABLE build_attestations (
    build_id BIGINT NOT NULL REFERENCES builds (id),
    kind TEXT NOT NULL,
    arch TEXT NOT NULL DEFAULT '',             -- '' when it covers every platform
    digest TEXT NOT NULL,
    PRIMARY KEY (build_id, kind, arch)
);

CREATE TABLE build_scans (
    build_id BIGINT NOT NULL PRIMARY KEY REFERENCES builds (id),
    source TEXT NOT NULL,                      -- which advisory data the scan used
    scanned_at BIGINT NOT NULL,
    critical INTEGER NOT NULL,
    high INTEGER NOT NULL,
    medium INTEGER NOT NULL,
    low INTEGER NOT NULL,
    negligible INTEGER NOT NULL,
    unknown INTEGER NOT NULL
);

CREATE TABLE build_findings (
    build_id BIGINT NOT NULL REFERENCES builds (id),
    vulnerability TEXT NOT NULL,               -- CVE-… or another advisory id
    package TEXT NOT NULL,                     -- binary package name
    installed_version TEXT NOT NULL,
    fixed_version TEXT,                        -- null while Debian has no fix
    severity TEXT NOT NULL,
    PRIMARY KEY (build_id, vulnerability, package)
);

-- Every distinct .deb any build used, once; builds point at them.
CREATE TABLE packages (
    id ${id},
    sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    architecture TEXT NOT NULL,
    source TEXT NOT NULL,
    source_version TEXT NOT NULL,
    size BIGINT NOT NULL,
    filename TEXT NOT NULL
);
CREATE INDEX packages_name ON packages (name, version);
CREATE INDEX packages_source ON packages (source, source_version);

CREATE TABLE build_packages (
    build_id BIGINT NOT NULL REFERENCES builds (id),
    arch TEXT NOT NULL,
    package_id BIGINT NOT NULL REFERENCES packages (id),
    suite TEXT NOT NULL,
    PRIMARY KEY (build_id, arch, package_id)
);
CREATE INDEX build_packages_package ON build_packages (package_id, build_id);

-- Where builds went. A moving tag has one row per move; replaced_at closes the previous one.
CREATE TABLE publications (
    id ${id},
    image_id BIGINT NOT NULL REFERENCES images (id),
    build_id BIGINT NOT NULL REFERENCES builds (id),
    reference TEXT NOT NULL,
    digest TEXT NOT NULL,
    kind TEXT NOT NULL,                        -- immutable | moving | file
    published_at BIGINT NOT NULL,
    replaced_at BIGINT
);
CREATE INDEX publications_image ON publications (image_id, published_at);
CREATE INDEX publications_reference ON publications (reference, replaced_at);

-- Advisories as the watcher first and last saw them (the SLA clock starts from first_seen_at).
CREATE TABLE advisories (
    id ${id},
    vulnerability TEXT NOT NULL,
    source_package TEXT NOT NULL,
    fixed_version TEXT,
    severity TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    UNIQUE (vulnerability, source_package)
);

CREATE TABLE events (
    id ${id},
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,                        -- image.added, image.updated, build.recorded, build.failed, published, …
    image_id BIGINT REFERENCES images (id),
    build_id BIGINT REFERENCES builds (id),
    message TEXT NOT NULL
);
CREATE INDEX events_image ON events (image_id, at);

-- Bulwark catalog, schema version 35: VEX status of a build's findings, for the API's vulnerability views.
-- Versions 30+ belong to the server; 35-39 to its API's queries (31-34 are left to the workers' queue).

-- What the VEX statements a build carried said about its scan's findings: one row per (vulnerability, package).
-- A finding VEX suppressed (not_affected, fixed) is not in build_findings, so its data is kept here whole; a row
-- whose finding is in build_findings (affected, under_investigation) annotates it.
CREATE TABLE build_vex (
    build_id BIGINT NOT NULL REFERENCES builds (id),
    vulnerability TEXT NOT NULL,
    package TEXT NOT NULL,                     -- binary package name
    installed_version TEXT NOT NULL,
    fixed_version TEXT,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,                      -- not_affected | affected | fixed | under_investigation (OpenVEX)
    justification TEXT NOT NULL DEFAULT '',    -- OpenVEX justification, for not_affected
    statement TEXT NOT NULL DEFAULT '',        -- the impact or action statement
    document TEXT NOT NULL DEFAULT '',         -- which VEX document said it (its @id or file name)
    PRIMARY KEY (build_id, vulnerability, package)
);
CREATE INDEX build_vex_vulnerability ON build_vex (vulnerability);

-- "Which images have CVE X" reads findings by vulnerability.
CREATE INDEX build_findings_vulnerability ON build_findings (vulnerability);

-- Bulwark catalog, schema version 40: build workers (`bulwark worker`, and the worker `bulwark serve` runs in-process).
-- Versions 40 and up belong to the workers; see V1 for the conventions (${id}, epoch milliseconds).

-- The job engine's queue (db-scheduler): one row per queued or running job, removed when it completes. A rebuild's
-- row is (task_name 'bulwark-rebuild', task_instance IMAGE-NAME), so an image has at most one job at a time. The
-- columns are the ones db-scheduler reads and writes; on SQLite the times are epoch milliseconds (the types below
-- give them numeric affinity), on PostgreSQL timestamps with time zone.
CREATE TABLE scheduled_tasks (
    task_name TEXT NOT NULL,
    task_instance TEXT NOT NULL,
    task_data BYTEA,                                  -- unused by Bulwark's tasks: their state is in the tables below
    execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
    picked BOOLEAN NOT NULL,
    picked_by TEXT,                                   -- the worker running it
    last_success TIMESTAMP WITH TIME ZONE,
    last_failure TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat TIMESTAMP WITH TIME ZONE,          -- a running job's worker is alive while this keeps moving
    version BIGINT NOT NULL,
    priority SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_time ON scheduled_tasks (priority DESC, execution_time ASC);

-- What a rebuild request became: who ran it, when, how often it was started (a worker killed mid-build leaves it
-- to another), the build it started from and the build it recorded.
ALTER TABLE rebuild_requests ADD COLUMN source TEXT NOT NULL DEFAULT 'api';     -- api | watch | cli
ALTER TABLE rebuild_requests ADD COLUMN started_at BIGINT;                      -- the first attempt's start
ALTER TABLE rebuild_requests ADD COLUMN finished_at BIGINT;
ALTER TABLE rebuild_requests ADD COLUMN worker TEXT;                            -- the last attempt's worker
ALTER TABLE rebuild_requests ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE rebuild_requests ADD COLUMN from_build_id BIGINT REFERENCES builds (id);
ALTER TABLE rebuild_requests ADD COLUMN outcome TEXT;                           -- published | unchanged | failed
ALTER TABLE rebuild_requests ADD COLUMN outcome_build_id BIGINT REFERENCES builds (id);
ALTER TABLE rebuild_requests ADD COLUMN message TEXT;

-- Per image at most one queued request and at most one running: a request while one is queued is merged into it;
-- a request while one is running is queued after it (the running build re-locked before it existed). Requests
-- queued twice before this version are merged into the newest.
UPDATE rebuild_requests SET state = 'done', outcome = 'merged', message = 'merged into a later request'
WHERE state IN ('queued', 'running') AND id < (SELECT MAX(r.id) FROM rebuild_requests r
    WHERE r.image_id = rebuild_requests.image_id AND r.state IN ('queued', 'running'));
CREATE UNIQUE INDEX rebuild_requests_queued ON rebuild_requests (image_id) WHERE state = 'queued';
CREATE UNIQUE INDEX rebuild_requests_running ON rebuild_requests (image_id) WHERE state = 'running';

-- A rebuild's progress lines, in order, for the dashboard and GET /api/v1/rebuilds/{id}.
CREATE TABLE rebuild_log (
    request_id BIGINT NOT NULL REFERENCES rebuild_requests (id),
    seq INT NOT NULL,
    at BIGINT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (request_id, seq)
);

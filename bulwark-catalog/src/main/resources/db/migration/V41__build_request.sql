-- Bulwark catalog, schema version 41: which rebuild request a build was made for. A worker's attempt records its
-- request with the build it makes, so a later attempt at the same request (its worker was killed after recording,
-- before saying so) credits itself with that build and no other; builds made by hand ('catalog add') or by a watch
-- cycle have none and are never credited to a request.
ALTER TABLE builds ADD COLUMN rebuild_request_id BIGINT REFERENCES rebuild_requests (id);
CREATE INDEX builds_rebuild_request ON builds (rebuild_request_id);

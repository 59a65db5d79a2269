-- Bulwark catalog, schema version 36: the VEX documents an image carries ('catalog add --vex'), kept with its
-- definition so every build of it ('catalog add', 'watch' rebuilds) applies them to its scan.
CREATE TABLE image_vex (
    image_id BIGINT NOT NULL REFERENCES images (id),
    position INTEGER NOT NULL,                 -- the order given: a later document's statement wins
    name TEXT NOT NULL,                        -- the file it was read from, for messages
    document TEXT NOT NULL,                    -- the OpenVEX JSON as read (parsed again on each use)
    PRIMARY KEY (image_id, position)
);

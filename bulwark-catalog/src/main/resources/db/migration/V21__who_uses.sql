-- Bulwark catalog, schema version 21: what each image's current build installs, for who-uses.
-- Versions 20 and up belong to the watcher; see V1 for the conventions. Applied out of order on a catalog that
-- already has a later decade's migrations (Schema.java).

-- One row per package of each image's current build and architecture, kept in step with images.current_build_id
-- in the transaction that moves it (ImageRows.setCurrent). The image's name and build number are copied in (neither
-- ever changes for a row), so `catalog who-uses PKG` reads one index range per matching package and nothing else.
CREATE TABLE current_packages (
    package_id BIGINT NOT NULL REFERENCES packages (id),
    image_name TEXT NOT NULL,
    arch TEXT NOT NULL,
    build_number INTEGER NOT NULL,
    image_id BIGINT NOT NULL REFERENCES images (id)
);
CREATE UNIQUE INDEX current_packages_use ON current_packages (package_id, image_name, arch, build_number);
CREATE INDEX current_packages_image ON current_packages (image_id);

INSERT INTO current_packages (package_id, image_name, arch, build_number, image_id)
SELECT bp.package_id, i.name, bp.arch, b.number, i.id
FROM images i JOIN builds b ON b.id = i.current_build_id JOIN build_packages bp ON bp.build_id = b.id;

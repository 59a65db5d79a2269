#!/usr/bin/env bash
# `bulwark catalog who-uses` over a catalog of many images (DESIGN target: < 50 ms of work for 10,000 images).
# Fills an SQLite catalog with synthetic builds (each image: one current build and one older one, 2 archs, 40
# packages drawn from a pool of 3,000), then times who-uses by binary name, by source name and by exact version.
# "looked up in" is measured inside the JVM (opening the catalog with its schema check, then the query); wall
# time includes JVM start.
# Usage: bench/catalog.sh [images] [runs]   (needs python3 for its sqlite3 module; no network)
set -euo pipefail
cd "$(dirname "$0")/.."
images=${1:-10000}
runs=${2:-5}
command -v python3 >/dev/null || { echo "bench: python3 is missing" >&2; exit 3; }
work=$(mktemp -d /tmp/bulwark-bench-catalog.XXXXXX)
trap 'rm -rf "$work"' EXIT
db=$work/catalog.db

./bulwark catalog list --catalog "$db" >/dev/null   # builds the jar if needed and creates the schema (Flyway)
echo "filling $db with $images images …"
python3 - "$db" "$images" <<'PY'
import hashlib, random, sqlite3, sys
db, images = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
sha = lambda s: hashlib.sha256(s.encode()).hexdigest()
c = sqlite3.connect(db)
c.execute("PRAGMA journal_mode=WAL")
pool = []
for i in range(3000):
    name = "libssl3t64" if i == 0 else f"pkg{i:04d}"
    src = "openssl" if i == 0 else f"src{i // 3:04d}"
    for ver in ("1.0-1", "1.0-1+deb13u1"):
        for arch in ("amd64", "arm64"):
            c.execute("INSERT INTO packages (sha256, name, version, architecture, source, source_version, size, filename)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (sha(f"{name} {ver} {arch}"), name, ver, arch, src, ver,
                      1000 + i, f"pool/main/{name}_{ver}_{arch}.deb"))
ids = {(r[1], r[2], r[3]): r[0] for r in c.execute("SELECT id, name, version, architecture FROM packages")}
now = 1_764_000_000_000
for n in range(images):
    name = f"image{n:05d}"
    spec = f"name: {name}\n"
    cur = c.execute("INSERT INTO images (name, spec_path, spec_sha256, spec_text, distribution, archs, build_count,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, 'trixie', 'amd64 arm64', 2, ?, ?)",
                    (name, f"/specs/{name}.yaml", sha(spec), spec, now, now))
    image_id = cur.lastrowid
    chosen = rnd.sample(range(3000), 40)
    if n % 4 == 0 and 0 not in chosen:
        chosen[0] = 0  # a quarter of the images (and some by chance) ship libssl3t64
    build_id = None
    for number, ver in ((1, "1.0-1"), (2, "1.0-1" if n % 2 else "1.0-1+deb13u1")):
        cur = c.execute("INSERT INTO builds (image_id, number, reason, spec_sha256, lock_sha256, lock_json,"
                        " source_date_epoch, compressed_bytes, package_bytes, started_at, duration_ms)"
                        " VALUES (?, ?, 'bench', ?, ?, '{}', 1700000000, 1000000, 2000000, ?, 1000)",
                        (image_id, number, sha(spec), sha(f"{name} {number}"), now + number))
        build_id = cur.lastrowid
        for arch in ("amd64", "arm64"):
            c.execute("INSERT INTO build_platforms VALUES (?, ?, ?, ?, ?, 41, 1000000)", (build_id, arch, "linux/" + arch,
                      "sha256:" + sha(f"m {name} {number} {arch}"), "sha256:" + sha(f"c {name} {number} {arch}")))
            c.executemany("INSERT INTO build_packages (build_id, arch, package_id, suite) VALUES (?, ?, ?, 'trixie')",
                          [(build_id, arch, ids[("libssl3t64" if p == 0 else f"pkg{p:04d}", ver, arch)]) for p in chosen])
    c.execute("UPDATE images SET current_build_id = ? WHERE id = ?", (build_id, image_id))
# what the catalog keeps in step with current_build_id (V21): who-uses reads it
c.execute("INSERT INTO current_packages (package_id, image_name, arch, build_number, image_id) SELECT bp.package_id,"
          " i.name, bp.arch, b.number, i.id FROM images i JOIN builds b ON b.id = i.current_build_id"
          " JOIN build_packages bp ON bp.build_id = b.id")
c.commit()
print(f"{images} images, {c.execute('SELECT COUNT(*) FROM build_packages').fetchone()[0]} build-package rows")
PY

t=$(mktemp)
for query in libssl3t64 openssl "libssl3t64=1.0-1+deb13u1"; do
  ./bulwark catalog who-uses "$query" --catalog "$db" >/dev/null 2>&1   # warm the page cache and the CDS archive
  echo "who-uses $query ($runs runs):"
  for i in $(seq "$runs"); do
    /usr/bin/time -o "$t" -f "%e s wall, %M kB peak RSS" ./bulwark catalog who-uses "$query" --catalog "$db" \
        2>"$work/err" | tail -n 1
    printf '  %s; %s\n' "$(grep 'looked up in' "$work/err")" "$(cat "$t")"
  done
done
rm -f "$t"

#!/usr/bin/env bash
# `bulwark catalog who-uses` over 10,000 catalogued images (DESIGN target: < 50 ms).
# 1. WhoUsesBench (bulwark-catalog) fills an SQLite catalog through the catalog's own row writers with synthetic
#    images (each: an older and a current build, 2 archs, 40 packages from a pool of 3,000; a quarter ship libssl3t64,
#    source openssl) and times the query inside the JVM: cold, and the median of 9 warm lookups, CPU and wall.
# 2. The CLI on the same catalog: `bulwark catalog who-uses` per query, its own "looked up in" line (opening the
#    catalog with its schema check, then the query) and the wall time of the whole process (JVM start included).
# Usage: bench/who-uses.sh [images] [runs]   (no network; filling 10,000 images takes a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
images=${1:-10000}
runs=${2:-5}
work=$(mktemp -d /tmp/bulwark-bench-who-uses.XXXXXX)
trap 'rm -rf "$work"' EXIT
db=$work/catalog.db
echo "filling $db with $images images and timing the query in the JVM …"
./mvnw -B -o -q -pl bulwark-catalog -am test -Dtest=WhoUsesBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.images="$images" -Dbench.catalog="$db" >"$work/mvn.log" 2>&1 || { tail -n 40 "$work/mvn.log"; exit 1; }
cat bulwark-catalog/target/bench-who-uses.txt

t=$work/time
for query in libssl3t64 openssl "libssl3t64=1.0-1+deb13u1"; do
  ./bulwark catalog who-uses "$query" --catalog "$db" >/dev/null 2>&1   # builds the jar if needed, warms the caches
  echo "CLI: bulwark catalog who-uses $query ($runs runs):"
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$t" -f "%e s wall, %U+%S s CPU, %M kB peak RSS" \
      ./bulwark catalog who-uses "$query" --catalog "$db" >/dev/null 2>"$work/err"
    printf '  %s; process: %s\n' "$(grep 'looked up in' "$work/err")" "$(cat "$t")"
  done
done

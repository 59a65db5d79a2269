#!/usr/bin/env bash
# Dashboard page time with 1,000 catalogued images (target: < 300 ms a page):
#   seeds an SQLite catalog through the catalog's own API (ApiBench seed: 1,000 images, two scanned builds each),
#   starts `bulwark serve` on it, logs in with a read token as the login form does, and times sequential loads of
#   the fleet page (every image, the fleet's CVE chart) and of image pages (overview with its chart, and the
#   vulnerabilities tab) over one keep-alive connection after a warm-up (DashboardBench), printing p50/p95/max.
# Usage: bench/dashboard.sh [images] [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
images=${1:-1000}
requests=${2:-100}
work=$(mktemp -d /tmp/bulwark-bench-dashboard.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

./bulwark --version >/dev/null   # build the jar outside the measurements
./mvnw -B -o -q -pl bulwark-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="bulwark-server/target/test-classes:bulwark-server/target/classes:$(cat "$work/cp.txt")"

db="$work/catalog.db"
java -cp "$cp" dev.bulwark.server.ApiBench seed "$db" "$images"
token=$(./bulwark tokens create --role read --name bench --catalog "$db" 2>/dev/null)
./bulwark serve --listen 127.0.0.1:0 --rate-limit 100000 --catalog "$db" >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q '^serving' "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
grep -q '^serving' "$work/serve.out" || { echo "bench: the server did not start:" >&2; cat "$work/serve.err" >&2; exit 3; }
ui=$(grep -oE 'https?://[^ ]*/ui' "$work/serve.out" | head -1)
echo "dashboard: $ui over $images images"
java -cp "$cp" dev.bulwark.server.DashboardBench measure "$ui" "$token" "$requests"

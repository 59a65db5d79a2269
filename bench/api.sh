#!/usr/bin/env bash
# REST API latency with 1,000 catalogued images (targets: p95 < 50 ms for reads):
#   seeds an SQLite catalog through the catalog's own API (ApiBench seed: 1,000 images, three builds each, the
#   newest with findings and VEX statements, one image in ten with an SLA clock), starts `bulwark serve` on it,
#   and times sequential GETs of every read endpoint (images, image, builds, vulnerabilities per image and for
#   the fleet, one CVE, events, sla, costs, both feeds) over one keep-alive connection after a warm-up
#   (ApiBench measure), printing p50/p95/max per endpoint.
# Usage: bench/api.sh [images] [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
images=${1:-1000}
requests=${2:-500}
work=$(mktemp -d /tmp/bulwark-bench-api.XXXXXX)
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
api=$(awk '/^serving/ {print $2; exit}' "$work/serve.out")
echo "server: $api over $images images"
java -cp "$cp" dev.bulwark.server.ApiBench measure "$api" "$token" "$requests"

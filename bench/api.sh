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
. bench/served.sh
serve_seeded api "$images"
api=$(awk '/^serving/ {print $2; exit}' "$work/serve.out")
echo "server: $api over $images images"
java -cp "$cp" dev.bulwark.server.ApiBench measure "$api" "$token" "$requests" "$images"

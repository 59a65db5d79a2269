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
. bench/served.sh
serve_seeded dashboard "$images"
ui=$(grep -oE 'https?://[^ ]*/ui' "$work/serve.out" | head -1)
echo "dashboard: $ui over $images images"
java -cp "$cp" dev.bulwark.server.DashboardBench measure "$ui" "$token" "$requests" "$images"

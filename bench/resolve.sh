#!/usr/bin/env bash
# Times `bulwark resolve` of examples/python3.yaml (amd64) with a warm index cache.
# Usage: bench/resolve.sh [runs]   (needs the archive reachable; the first, untimed run warms the cache)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
./bulwark resolve examples/python3.yaml --arch amd64 >/dev/null   # build the jar and warm the cache
. bench/timing.sh
cds_ready
echo "warm resolve of examples/python3.yaml (amd64), $runs runs:"
t=$(mktemp)
for i in $(seq "$runs"); do
  /usr/bin/time -o "$t" -f "%e s wall, %M kB peak RSS" ./bulwark resolve examples/python3.yaml --arch amd64 >/dev/null 2>&1
  cat "$t"
done
rm -f "$t"

#!/usr/bin/env bash
# Times `bulwark resolve` of examples/python3.yaml (amd64) with a warm index cache, and `bulwark --version` in the
# same run, so "work after JVM start" (resolve minus --version) can be read beside wall, CPU and peak RSS.
# Usage: bench/resolve.sh [runs]   (needs the archive reachable; the first, untimed run warms the cache)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
./bulwark resolve examples/python3.yaml --arch amd64 >/dev/null   # build the jar and warm the cache
./bulwark --version >/dev/null
. bench/timing.sh
cds_ready
start=$(startup "$runs")
started "$start"
echo "warm resolve of examples/python3.yaml (amd64), $runs runs:"
t=$(mktemp)
: > "$t.all"
for _ in $(seq "$runs"); do
  /usr/bin/time -o "$t" -f "%e %U %S %M" ./bulwark resolve examples/python3.yaml --arch amd64 >/dev/null 2>&1
  read -r w u s m < "$t"
  printf '  %.2f s wall, %.2f s CPU, %d kB peak RSS\n' "$w" "$(echo "$u + $s" | bc)" "$m"
  echo "$w $(echo "$u + $s" | bc) $m" >> "$t.all"
done
report "warm resolve examples/python3.yaml --arch amd64 (medians)" \
  "$(cut -d' ' -f1 "$t.all" | median) $(cut -d' ' -f2 "$t.all" | median)" "$start"
echo "peak RSS median: $(cut -d' ' -f3 "$t.all" | median) kB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$t" "$t.all"

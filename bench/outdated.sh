#!/usr/bin/env bash
# Warm `bulwark outdated` of an example spec's lock (target: under 0.3 s of work after JVM start). The first run fills
# the cache (indexes, changelogs, the memo of the newest entries); the timed runs are warm. Needs the live archive.
# Medians of RUNS; CPU is user+sys; "work after JVM start" subtracts `./bulwark --version` measured in the same run.
# Usage: bench/outdated.sh [spec] [runs]   (default examples/python3.yaml, 5)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/timing.sh
spec=${1:-examples/python3.yaml}
runs=${2:-5}
./bulwark --version >/dev/null   # builds the jar when sources changed
./bulwark outdated "$spec" --arch amd64 >/dev/null 2>&1 || true
start=$(startup "$runs")
started "$start"
report "warm outdated $spec --arch amd64" "$(runs "$runs" ./bulwark outdated "$spec" --arch amd64)" "$start"

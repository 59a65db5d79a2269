#!/usr/bin/env bash
# Scan benchmarks (targets: a warm scan of the python3 image < 0.2 s of work after JVM start; matching 1,000 images
# of 100 packages against the full advisory DB < 5 s).
#  1. Builds a python3-like OCI image from this host's installed python3 closure (files + distroless status.d).
#  2. Times `bulwark scan` of it with the tracker-shaped advisory DB, warm.
#  3. The same warm scan with --advisories archive-changelog (the live archive; the changelog source replays what it
#     derived for the same verified InRelease set, so a warm scan reads no index and no changelog).
#  4. Matches 1,000 synthetic images x 100 packages against the tracker-shaped DB in bulwark-scan's test resources.
# Every figure is a median of RUNS; CPU is user+sys, and "work after JVM start" subtracts `./bulwark --version`.
# Usage: bench/scan.sh [runs]   (needs a Debian host with python3 installed; the changelog run needs the archive)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/timing.sh
runs=${1:-5}
db=$(pwd)/bulwark-scan/src/test/resources/vulns/derived-tracker-shaped-base-subset.json
[ -f "$db" ] || { echo "bench/scan.sh: cannot find $db" >&2; exit 3; }
./bulwark --version >/dev/null   # builds the jar when sources changed
./mvnw -B -q -o -DskipTests -pl bulwark-scan -am test-compile >&2 || ./mvnw -B -q -DskipTests -pl bulwark-scan -am test-compile >&2
cp="bulwark-scan/target/test-classes:bulwark-cli/target/bulwark.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -cp "$cp" dev.bulwark.scan.bench.ScanBench image "$work/python3"
./bulwark scan "oci:$work/python3:latest" --advisories "$db" >/dev/null 2>&1 || true
./bulwark scan "oci:$work/python3:latest" --advisories archive-changelog >/dev/null 2>&1 || true
start=$(startup "$runs")
started "$start"
report "warm scan, tracker-shaped DB" "$(runs "$runs" ./bulwark scan "oci:$work/python3:latest" --advisories "$db")" "$start"
report "warm scan, archive changelogs" \
  "$(runs "$runs" ./bulwark scan "oci:$work/python3:latest" --advisories archive-changelog)" "$start"
echo "matching synthetic images against the full advisory DB:"
java -cp "$cp" dev.bulwark.scan.bench.ScanBench match "$db" 1000 100

#!/usr/bin/env bash
# Scan benchmarks (DESIGN targets: one warm image scan < 0.5 s of work after JVM start; matching 1,000 images of
# 100 packages against the full advisory DB < 5 s).
#  1. Builds a python3-like OCI image from this host's installed python3 closure (files + distroless status.d).
#  2. Times `bulwark scan` of it with the tracker-shaped advisory DB, warm; "scanned in" is measured inside the JVM.
#  3. The same warm scan with --advisories archive-changelog (the live archive; the changelog source replays what it
#     derived for the same verified InRelease set, so a warm scan reads no index and no changelog).
#  4. Matches 1,000 synthetic images x 100 packages against the tracker-shaped DB in bulwark-scan's test resources.
# Usage: bench/scan.sh [runs]   (needs a Debian host with python3 installed; no network)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
db=$(pwd)/bulwark-scan/src/test/resources/vulns/derived-tracker-shaped-base-subset.json
[ -f "$db" ] || { echo "bench/scan.sh: cannot find $db" >&2; exit 3; }
./mvnw -B -q -o -DskipTests -pl bulwark-cli -am package >&2 || ./mvnw -B -q -DskipTests -pl bulwark-cli -am package >&2
./mvnw -B -q -o -DskipTests -pl bulwark-scan test-compile >&2 || ./mvnw -B -q -DskipTests -pl bulwark-scan test-compile >&2
cp="bulwark-scan/target/test-classes:bulwark-cli/target/bulwark.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -cp "$cp" dev.bulwark.scan.bench.ScanBench image "$work/python3"
java -jar bulwark-cli/target/bulwark.jar scan "oci:$work/python3:latest" --advisories "$db" >/dev/null 2>&1 || true
echo "warm scan of the python3-like image, $runs runs:"
for i in $(seq "$runs"); do
  /usr/bin/time -f "  %e s wall (JVM included), %M kB peak RSS" \
    java -jar bulwark-cli/target/bulwark.jar scan "oci:$work/python3:latest" --advisories "$db" 2>&1 >/dev/null \
    | sed 's/^scanned in/  scanned in/'
done
java -jar bulwark-cli/target/bulwark.jar scan "oci:$work/python3:latest" --advisories archive-changelog >/dev/null 2>&1 || true
echo "warm scan with archive changelogs (live archive), $runs runs:"
for i in $(seq "$runs"); do
  /usr/bin/time -f "  %e s wall (JVM included), %U s user CPU, %M kB peak RSS" \
    java -jar bulwark-cli/target/bulwark.jar scan "oci:$work/python3:latest" --advisories archive-changelog 2>&1 >/dev/null \
    | sed 's/^scanned in/  scanned in/'
done
echo "matching synthetic images against the full advisory DB:"
java -cp "$cp" dev.bulwark.scan.bench.ScanBench match "$db" 1000 100

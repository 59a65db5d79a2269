#!/usr/bin/env bash
# Warm `bulwark outdated` of an example spec's lock (DESIGN target: under 0.3 s of work after JVM start).
# The first run fills the cache (indexes, changelogs); the timed runs are warm. Needs the live archive.
# "work after JVM start" = wall time minus the wall time of `bulwark --version` (JVM start and class loading of
# the CLI), printed beside each run. Usage: bench/outdated.sh [spec] [runs]   (default examples/python3.yaml, 5)
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-examples/python3.yaml}
runs=${2:-5}
./mvnw -B -q -o -DskipTests -pl bulwark-cli -am package >&2 || ./mvnw -B -q -DskipTests -pl bulwark-cli -am package >&2
jar=bulwark-cli/target/bulwark.jar
java -jar "$jar" outdated "$spec" --arch amd64 >/dev/null 2>&1 || true
tf=$(mktemp)
trap 'rm -f "$tf"' EXIT
/usr/bin/time -f "%e" -o "$tf" java -jar "$jar" --version >/dev/null
start=$(cat "$tf")
echo "JVM start (bulwark --version): $start s"
echo "warm outdated $spec --arch amd64, $runs runs:"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %U" -o "$tf" java -jar "$jar" outdated "$spec" --arch amd64 >/dev/null 2>&1 || true
  t=$(tail -1 "$tf")
  wall=${t% *}
  echo "  $wall s wall, ${t#* } s user CPU; work after JVM start ~ $(echo "$wall - $start" | bc) s"
done

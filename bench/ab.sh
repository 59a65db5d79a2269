#!/usr/bin/env bash
# A/B of CLI jars on one cold build: each jar builds SPEC from its lock with an empty cache, the jars alternated, RUNS
# rounds; prints per jar the sorted wall times, the median wall and CPU (user+sys) and the peak RSS. Each jar runs with
# the launcher's JVM options and a class-data-sharing archive of its own (made by one unmeasured run), so the figures
# compare the code, not the start-up. Use it before and after a change to a hot path:
#   git stash; ./mvnw -B -q -DskipTests -pl bulwark-cli -am package; cp bulwark-cli/target/bulwark.jar /tmp/a.jar
#   git stash pop; (build again); cp bulwark-cli/target/bulwark.jar /tmp/b.jar; bench/ab.sh 7 /tmp/a.jar /tmp/b.jar
# Usage: bench/ab.sh RUNS JAR... (SPEC from $SPEC, default examples/python3.yaml; amd64). Needs the archive (host apt
# sources), GNU time and a JDK 17+ on PATH or in JAVA_HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:?usage: bench/ab.sh RUNS JAR...}; shift
[ $# -ge 1 ] || { echo "bench: name at least one jar" >&2; exit 2; }
spec=${SPEC:-examples/python3.yaml}
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java=$JAVA_HOME/bin/java; else java=java; fi
work=$(mktemp -d /tmp/bulwark-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT
opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx1g -Xlog:cds=off"
i=0
for jar in "$@"; do
  [ -f "$jar" ] || { echo "bench: no jar $jar" >&2; exit 2; }
  i=$((i + 1))
  BULWARK_CACHE=$work/c $java $opts -XX:ArchiveClassesAtExit="$work/$i.jsa" -jar "$jar" build "$spec" --arch amd64 \
    --output "oci:$work/img" >/dev/null 2>&1 || { echo "bench: $jar cannot build $spec" >&2; exit 1; }
  rm -rf "$work/c" "$work/img"
done
: > "$work/out"
for _ in $(seq "$runs"); do
  i=0
  for jar in "$@"; do
    i=$((i + 1))
    rm -rf "$work/c" "$work/img"
    BULWARK_CACHE=$work/c /usr/bin/time -f "%e %U %S %M" -o "$work/t" $java $opts -XX:SharedArchiveFile="$work/$i.jsa" \
      -jar "$jar" build "$spec" --arch amd64 --output "oci:$work/img" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    awk -v i=$i '{ print i, $1, $2 + $3, $4 }' "$work/t" >> "$work/out"
  done
done
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "== $spec, amd64, cold from the lock, $runs runs alternated, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
i=0
for jar in "$@"; do
  i=$((i + 1))
  walls=$(awk -v i=$i '$1 == i { print $2 }' "$work/out" | sort -g | tr '\n' ' ')
  printf '%s\n  wall median %.2f s [%s], CPU median %.2f s, peak RSS %d MB\n' "$jar" \
    "$(awk -v i=$i '$1 == i { print $2 }' "$work/out" | median)" "${walls% }" \
    "$(awk -v i=$i '$1 == i { print $3 }' "$work/out" | median)" \
    $(( $(awk -v i=$i '$1 == i { print $4 }' "$work/out" | sort -n | tail -n 1) / 1024 ))
done

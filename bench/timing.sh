# Sourced by the bench scripts: timing helpers that report CPU (user+sys) beside wall time, since on a shared machine
# wall time mostly measures the other processes. "Work after JVM start" subtracts `./bulwark --version` (launcher,
# JVM start, opening the jar; no command model is built) measured in the same run.
# runs N CMD...   runs CMD N times; prints the medians "wall cpu" (seconds)
# startup N       the medians "wall cpu" of ./bulwark --version (after the first run of each command made its archive)
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
runs() {
  local n=$1 t; shift
  t=$(mktemp)
  : > "$t.all"
  for _ in $(seq "$n"); do
    /usr/bin/time -f "%e %U %S" -o "$t" "$@" >/dev/null 2>&1 || true
    awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$t" >> "$t.all"
  done
  echo "$(cut -d' ' -f1 "$t.all" | median) $(cut -d' ' -f2 "$t.all" | median)"
  rm -f "$t" "$t.all"
}
startup() { cds_ready; runs "$1" ./bulwark --version; }
# cds_ready   waits (up to a minute) for the launcher's class-data-sharing dumps started by earlier runs to finish, so
#             timed runs map the archive instead of recording again
cds_ready() {
  local i
  for i in $(seq 120); do
    ls bulwark-cli/target/*.jsa.lock >/dev/null 2>&1 || return 0
    sleep 0.5
  done
}
# started "wall cpu": prints the startup figures
started() { read -r w c <<< "$1"; printf 'launcher + JVM start (bulwark --version): %.2f s wall, %.2f s CPU (target <= 0.2 s)\n' "$w" "$c"; }
# report LABEL "wall cpu" "startup-wall startup-cpu"
report() {
  read -r w c <<< "$2"; read -r sw sc <<< "$3"
  printf '%s: %.2f s wall, %.2f s CPU; work after JVM start %.2f s CPU (%.2f s wall)\n' "$1" "$w" "$c" \
    "$(echo "$c - $sc" | bc)" "$(echo "$w - $sw" | bc)"
}

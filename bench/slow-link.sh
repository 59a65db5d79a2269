#!/usr/bin/env bash
# A cold build over a slow link: the spec's locked .debs are served from a local directory by a web server that sends
# at most RATE bytes per second in all (default 8000000, a 64 Mbit/s link), and the build fetches them from there
# (--mirror). Beside it, in the same run: the download alone (curl, 6 at once, through the same server) and the
# assembly alone (the same build with every .deb cached). A build that fetched first and assembled after would take
# about their sum; one that assembles beside the fetch, about the larger of the two.
# Needs: the Debian archive (host apt sources) once, to fill the .deb cache; python3, curl, jq, GNU time.
# Usage: bench/slow-link.sh [spec] [runs] [rate]
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-examples/python3.yaml}
runs=${2:-3}
rate=${3:-8000000}
for tool in python3 curl jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 3; }
done
lock="$spec.lock.json"
[ -f "$lock" ] || { echo "bench: $lock is missing; run ./bulwark lock $spec first" >&2; exit 2; }
work=$(mktemp -d /tmp/bulwark-slow.XXXXXX)
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# Fill a cache from the real archive once, then lay the .debs out as a mirror's pool.
BULWARK_CACHE=$work/debs ./bulwark build "$spec" --arch amd64 --output "oci:$work/first" >/dev/null 2>&1
jq -r '.archs.amd64[] | .sha256 + " " + .filename' "$lock" | while read -r sha file; do
  mkdir -p "$work/root/$(dirname "$file")"
  cp "$work/debs/debs/sha256/$sha" "$work/root/$file"
done
cat > "$work/serve.py" <<'EOF'
import http.server, socketserver, sys, threading, time
root, rate = sys.argv[1], float(sys.argv[2])
lock = threading.Lock(); state = {'t': time.time()}
class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k): super().__init__(*a, directory=root, **k)
    def log_message(self, *a): pass
    def copyfile(self, src, dst):   # one shared budget: the link, not each connection, is slow
        while True:
            b = src.read(16384)
            if not b: break
            with lock:
                now = time.time(); state['t'] = max(state['t'], now) + len(b) / rate; wait = state['t'] - now
            if wait > 0: time.sleep(wait)
            dst.write(b)
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
s = Server(('127.0.0.1', 0), Handler); print(s.server_address[1], flush=True); s.serve_forever()
EOF
python3 "$work/serve.py" "$work/root" "$rate" > "$work/port" &
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")/"
jq -r --arg b "$base" '.archs.amd64[] | "url = \"" + $b + .filename + "\"\noutput = \"/dev/null\""' "$lock" > "$work/curl.cfg"

secs() { /usr/bin/time -f "%e" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }; cat "$work/t"; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
: > "$work/cold"; : > "$work/dl"; : > "$work/asm"
for _ in $(seq "$runs"); do
  rm -rf "$work/c" "$work/img"
  BULWARK_CACHE=$work/c secs ./bulwark build "$spec" --arch amd64 --mirror "$base" --security-mirror "$base" \
    --output "oci:$work/img" >> "$work/cold"
  secs curl -sfS --parallel --parallel-max 6 -K "$work/curl.cfg" >> "$work/dl"
  rm -rf "$work/c" "$work/img"; mkdir -p "$work/c"; cp -r "$work/debs/debs" "$work/c/"
  BULWARK_CACHE=$work/c secs ./bulwark build "$spec" --arch amd64 --mirror "$base" --security-mirror "$base" \
    --output "oci:$work/img" >> "$work/asm"
done
cold=$(median < "$work/cold"); dl=$(median < "$work/dl"); asm=$(median < "$work/asm")
echo "== $spec, amd64, $(jq '.archs.amd64 | length' "$lock") packages over a $((rate / 1000000)) MB/s link, $runs runs, medians"
printf 'cold build over the link:                  %6.2f s\n' "$cold"
printf 'download alone (curl, 6 at once):          %6.2f s\n' "$dl"
printf 'build with every .deb cached:              %6.2f s\n' "$asm"
printf 'fetch-then-assemble would take about:      %6.2f s (sum); beside each other at best %.2f s (larger)\n' \
  "$(echo "$dl + $asm" | bc)" "$(echo "if ($dl > $asm) $dl else $asm" | bc)"

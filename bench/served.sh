# Sourced by bench/api.sh and bench/dashboard.sh: a seeded catalog served by `bulwark serve`.
# serve_seeded NAME IMAGES   makes $work (removed on exit), the test classpath $cp, an SQLite catalog of IMAGES
#                            images seeded by ApiBench, a read token $token, and a server (stopped on exit) whose
#                            "serving …" line is in $work/serve.out
serve_seeded() {
  work=$(mktemp -d "/tmp/bulwark-bench-$1.XXXXXX")
  pid=
  trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
  ./bulwark --version >/dev/null   # build the jar outside the measurements
  ./mvnw -B -o -q -pl bulwark-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null
  cp="bulwark-server/target/test-classes:bulwark-server/target/classes:$(cat "$work/cp.txt")"
  local db="$work/catalog.db"
  java -cp "$cp" dev.bulwark.server.ApiBench seed "$db" "$2"
  token=$(./bulwark tokens create --role read --name bench --catalog "$db" 2>/dev/null)
  ./bulwark serve --listen 127.0.0.1:0 --rate-limit 100000 --catalog "$db" >"$work/serve.out" 2>"$work/serve.err" &
  pid=$!
  for _ in $(seq 100); do grep -q '^serving' "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
  grep -q '^serving' "$work/serve.out" || { echo "bench: the server did not start:" >&2; cat "$work/serve.err" >&2; exit 3; }
}

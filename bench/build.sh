#!/usr/bin/env bash
# Build benchmarks for examples/python3.yaml (trixie, amd64), measured in one run on this machine:
#   1. cold build from the committed lock with an empty cache   vs   mmdebstrap --variant=extract of the same closure
#   2. cold lock + build from nothing (no lock, empty cache)
#   3. warm rebuild with an unchanged lock (everything cached), and JVM start alone
#   4. compressed size of each example image next to the gzipped mmdebstrap extract of the same closure
# Needs: the Debian archive (host apt sources), mmdebstrap, jq, GNU time. Run as root (mmdebstrap --mode=root).
# Usage: bench/build.sh [spec]   (default examples/python3.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-examples/python3.yaml}
for tool in mmdebstrap jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install mmdebstrap jq time)" >&2; exit 3; }
done
work=$(mktemp -d /tmp/bulwark-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The archive's base URLs come from the host's apt sources, never from this script.
mirror=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
security=$(awk '/^URIs:/ && $2 ~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '$1=="deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
[ -n "$security" ] || security=$mirror-security

./bulwark --version >/dev/null   # build the jar outside the measurements
# One unmeasured build records the launcher's class-data-sharing archive, as any first real run after a build does.
BULWARK_CACHE=$work/c0 ./bulwark build "$spec" --arch amd64 --output "oci:$work/img0" >/dev/null 2>&1
lock="$spec.lock.json"
[ -f "$lock" ] || ./bulwark lock "$spec" --no-fetch >/dev/null
codename=$(jq -r .distribution "$lock")
closure=$(jq -r '.archs.amd64 | map(.name + "=" + .version) | join(",")' "$lock")
count=$(jq -r '.archs.amd64 | length' "$lock")

secs() { /usr/bin/time -f "%e %M" "$@" 2>"$work/time" >/dev/null || { cat "$work/time" >&2; exit 1; }; tail -n 1 "$work/time"; }

echo "== $spec, amd64, $count packages"
read -r bw_cold bw_cold_rss < <(BULWARK_CACHE=$work/c1 secs ./bulwark build "$spec" --arch amd64 --output "oci:$work/img1")
read -r mm_cold mm_rss < <(secs mmdebstrap --quiet --mode=root --variant=extract --architectures=amd64 \
    --include="$closure" "$codename" "$work/mm" \
    "deb $mirror $codename main" "deb $mirror $codename-updates main" "deb $security $codename-security main")
cp "$lock" "$work/saved.lock.json"; rm "$lock"
read -r bw_fresh bw_fresh_rss < <(BULWARK_CACHE=$work/c2 secs ./bulwark build "$spec" --arch amd64 --output "oci:$work/img2")
cp "$work/saved.lock.json" "$lock"
runs=5; total=0; rss=0
for _ in $(seq $runs); do
  read -r t m < <(BULWARK_CACHE=$work/c1 secs ./bulwark build "$spec" --arch amd64 --output "oci:$work/img1")
  total=$(echo "$total + $t" | bc); [ "$m" -gt "$rss" ] && rss=$m
done
read -r jvm _ < <(secs ./bulwark --version)
warm=$(echo "scale=2; $total / $runs" | bc)

printf 'cold build from the lock, empty cache:  %6.2f s  (peak RSS %d MB)\n' "$bw_cold" $((bw_cold_rss / 1024))
printf 'mmdebstrap --variant=extract, same set:  %6.2f s\n' "$mm_cold"
printf 'ratio bulwark / mmdebstrap:              %6.2f   (target <= 0.80)\n' "$(echo "scale=3; $bw_cold / $mm_cold" | bc)"
printf 'lock + build from nothing, empty cache:  %6.2f s  (ratio %.2f)\n' "$bw_fresh" "$(echo "scale=3; $bw_fresh / $mm_cold" | bc)"
printf 'warm rebuild, unchanged lock (mean of %d): %5.2f s, launcher + JVM start alone %.2f s -> %.2f s of work (target < 1 s)\n' \
  "$runs" "$warm" "$jvm" "$(echo "scale=3; $warm - $jvm" | bc)"
printf 'warm rebuild peak RSS:                   %6d MB  (target <= 512 MB)\n' $((rss / 1024))
# The same closure extracted as dpkg-deb would (mmdebstrap's extract above also pulls in what apt insists the
# packages depend on — dpkg, debconf, perl-base, openssl … — so its rootfs is larger than the closure).
mkdir -p "$work/same"
for sha in $(jq -r '.archs.amd64[].sha256' "$lock"); do dpkg-deb -x "$work/c1/debs/sha256/$sha" "$work/same"; done
mm_gz=$(tar -C "$work/same" --sort=name -cf - . | gzip -6 | wc -c)
mm_extra=$(du -sm "$work/mm" | cut -f1); same_mb=$(du -sm "$work/same" | cut -f1)
img=$(jq -r '.manifests[0].digest' "$work/img1/index.json" | cut -d: -f2)
ours=$(jq '[.layers[].size] | add' "$work/img1/blobs/sha256/$img")
printf 'compressed size: bulwark %.1f MB, gzipped extract of the same closure %.1f MB (%d MB unpacked; mmdebstrap extract %d MB)\n' \
  "$(echo "scale=1; $ours / 1000000" | bc)" "$(echo "scale=1; $mm_gz / 1000000" | bc)" "$same_mb" "$mm_extra"

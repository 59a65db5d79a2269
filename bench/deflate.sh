#!/usr/bin/env bash
# What compressing an image's layers costs with each deflate at hand, on the image's own layer tars: the CPU (user+sys)
# and output size of gzip -6 (the compressor in build.sh's floor), of the zlib level 6 Bulwark's gzip layers are made
# with (the image's own layers, compressed in 1 MiB chunks; their CPU is measured by build.sh, not here), and of
# libdeflate's level 6 when its command-line tool is installed (apt-get install libdeflate-tools). This measures the
# compressor alone: it is the lever that build.sh's floor ratio turns on, since the floor charges gzip -6.
# Usage: bench/deflate.sh [spec] [runs]   (default examples/python3.yaml, 3 runs, medians; amd64)
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-examples/python3.yaml}
runs=${2:-3}
for tool in jq gzip /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install jq gzip time)" >&2; exit 3; }
done
work=$(mktemp -d /tmp/bulwark-deflate.XXXXXX)
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

./bulwark build "$spec" --arch amd64 --output "oci:$work/img" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
blob() { echo "$work/img/blobs/sha256/${1#sha256:}"; }
manifest=$(blob "$(jq -r '.manifests[0].digest' "$work/img/index.json")")
if ! jq -e .layers "$manifest" >/dev/null; then manifest=$(blob "$(jq -r '.manifests[0].digest' "$manifest")"); fi
: > "$work/layers.tar"; bulwark_size=0
for d in $(jq -r '.layers[].digest' "$manifest"); do
  gzip -dc "$(blob "$d")" >> "$work/layers.tar"
  bulwark_size=$((bulwark_size + $(stat -c %s "$(blob "$d")")))
done

# cpu CMD…: median CPU seconds of RUNS runs of CMD reading the layer tars on stdin; its output size goes to $work/size.
cpu() {
  : > "$work/cpu"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%U %S" -o "$work/t" "$@" < "$work/layers.tar" > "$work/out"
    awk '{ print $1 + $2 }' "$work/t" >> "$work/cpu"
  done
  stat -c %s "$work/out" > "$work/size"
  median < "$work/cpu"
}
mb() { echo "scale=2; $1 / 1000000" | bc; }
printf '== %s, amd64: %s MB of layer tars, %d runs\n' "$spec" "$(mb "$(stat -c %s "$work/layers.tar")")" "$runs"
gz=$(cpu gzip -6 -n); gz_size=$(cat "$work/size")
printf 'gzip -6 (the floor'"'"'s compressor):      %.2f s CPU, %s MB\n' "$gz" "$(mb "$gz_size")"
printf 'zlib 6 in 1 MiB chunks (Bulwark):     %s MB (%+.1f%% against gzip -6)\n' "$(mb "$bulwark_size")" \
  "$(echo "scale=4; ($bulwark_size - $gz_size) * 100 / $gz_size" | bc)"
if command -v libdeflate-gzip >/dev/null; then
  ld=$(cpu libdeflate-gzip -6 -c); ld_size=$(cat "$work/size")
  printf 'libdeflate -6, whole input:           %.2f s CPU, %s MB (%+.1f%%): %.1fx less CPU than gzip -6\n' "$ld" \
    "$(mb "$ld_size")" "$(echo "scale=4; ($ld_size - $gz_size) * 100 / $gz_size" | bc)" "$(echo "scale=2; $gz / $ld" | bc)"
else
  echo "libdeflate -6: not measured (apt-get install libdeflate-tools for libdeflate-gzip)"
fi

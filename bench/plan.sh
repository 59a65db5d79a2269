#!/usr/bin/env bash
# The watch planner over many catalogued images for one archive update (DESIGN target: < 1 s for 1,000 images).
# Runs PlannerBench (bulwark-catalog): synthetic bases and customizations, one update offering 300 newer
# packages of which 20 fix a CVE; prints the cold (first) plan and the median of 7 warm plans. No network.
# Usage: bench/plan.sh [images]
set -euo pipefail
cd "$(dirname "$0")/.."
images=${1:-1000}
./mvnw -B -o -q -pl bulwark-catalog -am test -Dtest=PlannerBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.images="$images" >/dev/null
cat bulwark-catalog/target/bench-plan.txt

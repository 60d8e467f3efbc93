#!/usr/bin/env bash
# Cold generation time (issue 4): wall time of a fresh JVM running `bmsgen generate models -o DIR` (all 4 packs of
# models/: JVM start, Xtext set-up, load and check, IR, firmware, artifacts with the SVG diagrams), RUNS times, then
# the same with --no-svg. Build the CLI first (mvn -B -o -pl cli -am package -DskipTests); run from the repository
# root:   benchmarks/cold-generation.sh [RUNS]
set -euo pipefail
runs=${1:-3}
jar=cli/target/bmsgen.jar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for options in "" "--no-svg"; do
  for run in $(seq 1 "$runs"); do
    rm -rf "$out/x"
    start=$(date +%s%N)
    java -jar "$jar" generate models -o "$out/x" $options > /dev/null
    end=$(date +%s%N)
    printf 'generate models %-9s run %d: %6d ms (load average %s)\n' "${options:-(svg)}" "$run" \
      $(( (end - start) / 1000000 )) "$(cut -d' ' -f1 /proc/loadavg)"
  done
done

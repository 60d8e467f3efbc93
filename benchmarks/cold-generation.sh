#!/usr/bin/env bash
# Cold generation time (issue 4): wall time of a fresh JVM running `bmsgen generate models -o DIR` (all 4 packs of
# models/: JVM start, Xtext set-up, load and check, IR, firmware, artifacts with the SVG diagrams), RUNS times, then
# the same with --no-svg, then the reference model alone (`generate models/smart4s.bms`, one pack). Build the CLI first (mvn -B -o -pl cli -am package -DskipTests); run from the repository
# root:   benchmarks/cold-generation.sh [RUNS]
set -euo pipefail
runs=${1:-3}
jar=cli/target/bmsgen.jar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for what in "models" "models --no-svg" "models/smart4s.bms"; do
  for run in $(seq 1 "$runs"); do
    rm -rf "$out/x"
    start=$(date +%s%N)
    # stdout lists the files written; the summary line goes to stderr
    java -jar "$jar" generate $what -o "$out/x" > /dev/null 2> "$out/summary"
    end=$(date +%s%N)
    printf 'generate %-19s run %d: %6d ms (load average %s) %s\n' "$what" "$run" \
      $(( (end - start) / 1000000 )) "$(cut -d' ' -f1 /proc/loadavg)" "$(grep -o 'generated [0-9]* files' "$out/summary")"
  done
done

#!/usr/bin/env bash
# Language server latency (issue 6): cold start of `java -jar cli/target/bmsgen.jar lsp` to the first diagnostics of
# models/smart4s.bms, COLD_RUNS times, then the diagnostics after EDITS edits in the last session (see
# LspLatency.java). Build the CLI first (mvn -B -o -pl cli -am package -DskipTests); run from the repository root:
#   benchmarks/lsp-latency.sh [COLD_RUNS] [EDITS]
# With LSP_JVM="" the server runs with the JVM's default options instead of the ones editors get.
set -euo pipefail
exec java -Dlsp.jvm="${LSP_JVM--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}" benchmarks/LspLatency.java \
	cli/target/bmsgen.jar "${1:-5}" "${2:-40}"

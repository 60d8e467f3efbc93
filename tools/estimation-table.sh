#!/usr/bin/env bash
# The estimation table of docs/estimation.md: the generated SoC filter of the reference pack over every Panasonic
# NCR18650PF drive cycle of the shared data (Kollmeyer 2018, doi:10.17632/wykht8y7tg.1), with the baselines beside.
# Then the SoH and SoP figures of the simulation: the board test Smart4sSohAndSopOnTheBoardTest (the generated firmware
# of the reference pack on the simulated board, cells at 80 % capacity / 150 % resistance and fresh), run by Maven.
# Usage: tools/estimation-table.sh [MODEL] [DATA_DIR]   (defaults: models/smart4s.bms, ../shared/data/... )
#        SOH=0 tools/estimation-table.sh ...            (the measured-data table alone, without the Maven run)
# Needs: a JDK (bmsgen estimate compiles the generated firmware), python3 (formats the JSON as markdown), Maven.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:-$root/models/smart4s.bms}"
data="${2:-$root/../shared/data/cells/panasonic-18650pf/csv}"
cell=NCR18650PF
bmsgen="$root/bmsgen"

warm=(25degC_US06 25degC_HWFTa 25degC_LA92 25degC_NN 25degC_Cycle_1)
cold=(10degC_US06 0degC_US06 0degC_UDDS n10degC_US06)
files=()
for f in "${warm[@]}" "${cold[@]}"; do
	files+=(--data "$data/${f}_Pan18650PF.csv.gz")
done
warm_files=()
for f in "${warm[@]}"; do
	warm_files+=(--data "$data/${f}_Pan18650PF.csv.gz")
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# the cycles start full: a 20 % wrong start is 80 %
"$bmsgen" estimate "$model" --cell $cell "${files[@]}" --initial-soc 80% --json > "$tmp/start.json"
"$bmsgen" estimate "$model" --cell $cell "${warm_files[@]}" --initial-soc 80% --voltage-offset 10 --json > "$tmp/plus.json"
"$bmsgen" estimate "$model" --cell $cell "${warm_files[@]}" --initial-soc 80% --voltage-offset -10 --json > "$tmp/minus.json"
# mid-SoC start: 1800 s in, 20 % below the reference there (each file's own reference: one run per file)
for f in "${warm[@]}" "${cold[@]}"; do
	file="$data/${f}_Pan18650PF.csv.gz"
	reference="$("$bmsgen" estimate "$model" --cell $cell --data "$file" --start-at 1800 --json \
		| python3 -c 'import json,sys; print(json.load(sys.stdin)["reference_soc_at_start"])')"
	wrong="$(python3 -c "print(max(0.0, $reference - 0.2))")"
	"$bmsgen" estimate "$model" --cell $cell --data "$file" --start-at 1800 --initial-soc "$wrong" --json \
		> "$tmp/mid-$f.json"
done

python3 - "$tmp" <<'EOF'
import glob, json, os, sys
tmp = sys.argv[1]
def load(name):
    value = json.load(open(os.path.join(tmp, name)))
    return value if isinstance(value, list) else [value]
start = load("start.json")
plus = {r["data"]: r for r in load("plus.json")}
minus = {r["data"]: r for r in load("minus.json")}
mid = {}
for path in glob.glob(os.path.join(tmp, "mid-*.json")):
    r = load(os.path.basename(path))[0]
    mid[r["data"]] = r
def f(v):
    return "-" if v is None else "%.2f" % v
print("| file | mean T | EKF RMSE | EKF MAE | EKF max | RMSE >10 min | max >10 min | +10 mV RMSE >10 min | -10 mV RMSE >10 min | mid start (1800 s, -20 %): max >10 min | CC RMSE >10 min | OCV RMSE >10 min |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in start:
    name = r["data"].replace("_Pan18650PF", "")
    p = plus.get(r["data"])
    m = minus.get(r["data"])
    s = mid.get(r["data"])
    print("| %s | %.1f degC | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (name, r["mean_temperature_c"],
        f(r["rmse"]), f(r["mae"]), f(r["max"]), f(r["rmse_after_10min"]), f(r["max_after_10min"]),
        f(p["rmse_after_10min"]) if p else "", f(m["rmse_after_10min"]) if m else "",
        f(s["max_after_10min"]) if s else "", f(r["coulomb_counting"]["rmse_after_10min"]),
        f(r["ocv_lookup"]["rmse_after_10min"])))
warm = [r for r in start if r["data"].startswith("25degC")]
if warm:
    mean = sum(r["rmse_after_10min"] for r in warm) / len(warm)
    worst = max(r["rmse_after_10min"] for r in warm)
    peak = max(r["max_after_10min"] for r in warm)
    offsets = [r["rmse_after_10min"] for r in list(plus.values()) + list(minus.values())]
    print()
    print("25 degC: mean RMSE after 10 min %.2f %% (target <= 0.5), worst file %.2f %% (<= 1.0), max %.2f %% (<= 2),"
          " worst with +-10 mV %.2f %% (<= 1.0)" % (mean, worst, peak, max(offsets) if offsets else float("nan")))
EOF

[ "${SOH:-1}" = 0 ] && exit 0
# SoH and SoP: the board test prints its figures; its assertions are the targets (capacity within 3 %, resistance
# within 10 %, cells inside 2.5..4.2 V on the US06 from 15 %)
(cd "$root" && mvn -B -pl generated-firmware -am test -Dtest=Smart4sSohAndSopOnTheBoardTest \
	-Dsurefire.failIfNoSpecifiedTests=false) > "$tmp/soh.log" 2>&1 || { tail -40 "$tmp/soh.log"; exit 1; }
python3 - "$tmp/soh.log" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
print()
print("| simulated pack | capacity estimated / true, worst cell | resistance ratio estimated / true | largest SoC error, first / second drive |")
print("|---|---|---|---|")
for name, label in (("aged 80 % / 150 %", "aged: 80 % capacity, 150 % resistance"), ("fresh", "fresh")):
    m = re.search(r"SoH " + re.escape(name) + r": capacity \[([^\]]*)\] Ah \(true \[([^\]]*)\]\), R ratio ([0-9.]+) "
                  r"\(true ([0-9.]+)\).*first / second drive ([0-9.]+) / ([0-9.]+) %", text)
    estimated = [float(v) for v in m.group(1).split(",")]
    true = [float(v) for v in m.group(2).split(",")]
    worst = max(range(len(true)), key=lambda i: abs(estimated[i] / true[i] - 1))
    ratio, true_ratio = float(m.group(3)), float(m.group(4))
    print("| %s | %.3f / %.3f Ah (%+.1f %%) | %.3f / %.3f (%+.1f %%) | %s / %s %% |" % (label, estimated[worst],
        true[worst], 100 * (estimated[worst] / true[worst] - 1), ratio, true_ratio, 100 * (ratio / true_ratio - 1),
        m.group(5), m.group(6)))
m = re.search(r"SoP US06 from 15 %: fresh ([0-9.]+)\.\.([0-9.]+) V, aged ([0-9.]+)\.\.([0-9.]+) V, aged unclamped min ([0-9.]+) V", text)
print()
print("SoP, US06 from 15 %% SoC within the current limits (cells 2.5..4.2 V): fresh %s..%s V, aged %s..%s V;"
      " the aged pack without the limits falls to %s V" % m.groups())
EOF

#!/usr/bin/env python3
"""Fit the equivalent circuit (R0 + two RC pairs) of the Panasonic NCR18650PF from the measured 25 degC HPPC test.

Throwaway tool: `bmsgen fit-cell` (a later issue) will replace it. Python 3, standard library only.
Data: Kollmeyer, P. (2018), "Panasonic 18650PF Li-ion Battery Data", Mendeley Data, V1,
doi:10.17632/wykht8y7tg.1, CC BY 4.0 (CSV conversion in shared/data/cells/panasonic-18650pf/csv).

Method
  * The HPPC file holds, per SoC set point, five 10 s discharge pulses (0.5/1/2/4/6 C); the first four are
    each followed by 1200 s of rest, the last by about 60 s.
  * SoC of a pulse = 1 - (Ah discharged before it) / 2.9949 Ah, the C/20 capacity that the OCV table of the
    cell file uses, so both tables share one SoC axis.
  * R0 = the voltage step at the trailing pulse edge: from the last loaded sample to the relaxation fit
    (below) extrapolated back to the edge, divided by the pulse current, averaged over the pulses of a set that have a full rest.
    The raw first-sample step (0.1 s logging) is printed too: it is 6-10 mOhm lower because a charge-
    transfer process with a time constant of about 0.1-0.3 s lies between the first sample and 0.5 s; a
    model with that raw R0 and RC pairs fitted from 0.5 s under-predicts the 10 s pulse drop by about
    8 mOhm x I (validation RMS under load 75 mV instead of 21 mV).
  * R1/C1, R2/C2 from the relaxation after the four pulses that have a full rest, fitted jointly:
        v(t) = Vinf_k - I_k R1 (1 - exp(-Tp/tau1)) exp(-t/tau1) - I_k R2 (1 - exp(-Tp/tau2)) exp(-t/tau2)
    (t from the end of pulse k, Tp its length, I_k its current; one Vinf per pulse). For fixed tau1, tau2 the
    model is linear in (Vinf_k, R1, R2), so the taus are found by a grid search then a finer local grid
    (variable projection). Samples are thinned to log-spaced times (equal weight per decade, 0.5..1200 s).
    C = tau / R.
  * Fit error: RMS residual of each relaxation fit; then a validation that runs the fitted tables through
    every pulse set of the test (all five pulses and their rests, from the rest voltage before the first
    pulse; the OCV table supplies only the OCV change with the charge drawn) and reports the RMS and
    maximum terminal-voltage error against the measurement. Last, an open-loop run over the 25 degC drive
    cycles (US06, HWFET, LA92; SoC by coulomb counting from full, no correction): this error also holds the
    OCV table's and the capacity's mismatch and the cell's warming, so it bounds what an uncorrected model does.

Usage: python3 tools/fit_hppc.py [data-dir]   (default /work/shared/data/cells/panasonic-18650pf)
"""
import csv
import gzip
import math
import os
import sys

CAPACITY_AH = 2.9949  # C/20 discharge capacity at 25 degC: the OCV table's SoC reference
PULSE_CURRENT_A = 0.5  # a sample belongs to a pulse when |I| is above this
# Relaxation is fitted from 0.5 s after the pulse edge: the faster charge-transfer response (tau about
# 0.1-0.3 s, barely resolved by the 0.1 s logging, and shorter than two 250 ms BMS control periods) is
# folded into R0 instead of spending one of the two RC pairs on it.
FIRST_RELAXATION_S = 0.5


def load(path):
    with gzip.open(path, "rt") as f:
        reader = csv.reader(f)
        header = next(reader)
        col = {name: i for i, name in enumerate(header)}
        rows = []
        for r in reader:
            rows.append((float(r[col["time_s"]]), float(r[col["voltage_V"]]), float(r[col["current_A"]]),
                         float(r[col["ah_Ah"]])))
    return rows


def pulses(rows):
    """(first index, last index) of each discharge pulse."""
    found, start = [], None
    for i, (_, _, current, _) in enumerate(rows):
        if current < -PULSE_CURRENT_A and start is None:
            start = i
        elif current >= -PULSE_CURRENT_A and start is not None:
            found.append((start, i - 1))
            start = None
    if start is not None:
        found.append((start, len(rows) - 1))
    return found


def edge_resistances(rows, first, last):
    """|dV/dI| at the leading and trailing edge of a pulse (None where the file has no sample there)."""
    result = []
    t0, v0, i0, _ = rows[first - 1]
    t1, v1, i1, _ = rows[first]
    if t1 - t0 < 0.5:
        result.append(abs((v1 - v0) / (i1 - i0)))
    if last + 1 < len(rows):
        t2, v2, i2, _ = rows[last]
        t3, v3, i3, _ = rows[last + 1]
        if t3 - t2 < 0.5 and abs(i3) < PULSE_CURRENT_A:
            result.append(abs((v3 - v2) / (i3 - i2)))
    return result


def relaxation(rows, last, duration=1200.0, points_per_decade=40):
    """Rest samples after a pulse, thinned to log-spaced times: [(t since pulse end, V)]."""
    t_end = rows[last][0]
    rest = []
    for t, v, current, _ in rows[last + 1:]:
        if abs(current) > PULSE_CURRENT_A or t - t_end > duration + 1:
            break
        if t - t_end >= FIRST_RELAXATION_S:
            rest.append((t - t_end, v))
    if not rest or rest[-1][0] < duration * 0.9:
        return None
    thinned, next_t = [], rest[0][0]
    for t, v in rest:
        if t >= next_t:
            thinned.append((t, v))
            next_t = t * 10 ** (1.0 / points_per_decade)
    return thinned


def solve(a, b):
    """Gaussian elimination with partial pivoting (small dense systems)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-300:
            return None
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def fit_linear(relaxations, tau1, tau2):
    """Least squares of (Vinf_1..n, R1, R2) for fixed taus. Returns (sse, params)."""
    n = len(relaxations)
    size = n + 2
    ata = [[0.0] * size for _ in range(size)]
    atb = [0.0] * size
    design = []
    for k, (current, tp, samples) in enumerate(relaxations):
        g1 = current * (1 - math.exp(-tp / tau1))
        g2 = current * (1 - math.exp(-tp / tau2))
        for t, v in samples:
            row = {k: 1.0, n: -g1 * math.exp(-t / tau1), n + 1: -g2 * math.exp(-t / tau2)}
            design.append((row, v))
            for i, x in row.items():
                atb[i] += x * v
                for j, y in row.items():
                    ata[i][j] += x * y
    params = solve(ata, atb)
    if params is None:
        return float("inf"), None
    sse = sum((v - sum(x * params[i] for i, x in row.items())) ** 2 for row, v in design)
    return sse, params


def fit_two_rc(relaxations):
    best = (float("inf"), None, None, None)
    grid = [10 ** (e / 8.0) for e in range(-8, 29)]  # 0.1 s .. 3160 s
    for a in grid:
        for b in grid:
            if b < 3 * a:
                continue
            sse, params = fit_linear(relaxations, a, b)
            if params and params[-1] > 0 and params[-2] > 0 and sse < best[0]:
                best = (sse, a, b, params)
    _, a0, b0, _ = best
    for fa in [10 ** (e / 64.0) for e in range(-8, 9)]:
        for fb in [10 ** (e / 64.0) for e in range(-8, 9)]:
            a, b = a0 * fa, b0 * fb
            if b < 3 * a:
                continue
            sse, params = fit_linear(relaxations, a, b)
            if params and params[-1] > 0 and params[-2] > 0 and sse < best[0]:
                best = (sse, a, b, params)
    return best


def interpolate(table, x):
    """Linear interpolation in [(x, y)] sorted by x, clamped at the ends."""
    if x <= table[0][0]:
        return table[0][1]
    if x >= table[-1][0]:
        return table[-1][1]
    for (x0, y0), (x1, y1) in zip(table, table[1:]):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return table[-1][1]


def load_ocv(path):
    with open(path) as f:
        reader = csv.reader(f)
        next(reader)
        return [(float(r[0]), float(r[1])) for r in reader]


def simulate_set(rows, first, last, ocv, model):
    """Terminal-voltage errors of the 2RC model over one pulse set (pulses and rests), starting from the
    measured rest voltage before its first pulse: the OCV table only supplies the change of OCV with the
    charge drawn, so what is measured is the circuit's dynamics, not the absolute OCV."""
    u1 = u2 = 0.0
    _, v_start, _, ah_start = rows[first - 1]
    soc_start = 1 + ah_start / CAPACITY_AH
    errors = []
    previous_t = rows[first - 1][0]
    for t, v, current, ah in rows[first:last + 1]:
        dt = t - previous_t
        previous_t = t
        soc = 1 + ah / CAPACITY_AH
        r0, r1, tau1, r2, tau2 = (interpolate(model[name], soc) for name in ("r0", "r1", "tau1", "r2", "tau2"))
        discharge = -current  # the data counts discharge negative
        e1, e2 = math.exp(-dt / tau1), math.exp(-dt / tau2)
        u1 = u1 * e1 + discharge * r1 * (1 - e1)
        u2 = u2 * e2 + discharge * r2 * (1 - e2)
        open_circuit = v_start + interpolate(ocv, soc) - interpolate(ocv, soc_start)
        errors.append(open_circuit - discharge * r0 - u1 - u2 - v)
    return errors


def simulate_drive_cycle(rows, ocv, model):
    """Terminal-voltage errors of the model over a drive cycle that starts full (Ah = 0 at SoC 1), open loop:
    SoC by coulomb counting only, the OCV table as it is, the cell's temperature rise ignored."""
    u1 = u2 = 0.0
    errors = []
    previous_t = rows[0][0]
    for t, v, current, ah in rows:
        dt = t - previous_t
        previous_t = t
        soc = 1 + ah / CAPACITY_AH
        r0, r1, tau1, r2, tau2 = (interpolate(model[name], soc) for name in ("r0", "r1", "tau1", "r2", "tau2"))
        discharge = -current
        e1, e2 = math.exp(-dt / tau1), math.exp(-dt / tau2)
        u1 = u1 * e1 + discharge * r1 * (1 - e1)
        u2 = u2 * e2 + discharge * r2 * (1 - e2)
        errors.append(interpolate(ocv, soc) - discharge * r0 - u1 - u2 - v)
    return errors


def rms(values):
    return math.sqrt(sum(x * x for x in values) / len(values))


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/cells/panasonic-18650pf"
    rows = load(os.path.join(base, "csv", "25degC_5Pulse_HPPC_Pan18650PF.csv.gz"))
    sets = []  # consecutive pulses less than 1500 s apart belong to one SoC set point
    for first, last in pulses(rows):
        if sets and rows[first][0] - rows[sets[-1][-1][1]][0] < 1500:
            sets[-1].append((first, last))
        else:
            sets.append([(first, last)])

    print("# soc_%  pulses  R0_mOhm  R1_mOhm  tau1_s  C1_F  R2_mOhm  tau2_s  C2_F  rms_relax_mV  raw_first_sample_R0_mOhm(min..max)")
    model = {name: [] for name in ("r0", "r1", "tau1", "r2", "tau2")}
    fits = []
    for pulse_set in sets:
        soc = 1 + rows[pulse_set[0][0] - 1][3] / CAPACITY_AH
        edges = [r for first, last in pulse_set for r in edge_resistances(rows, first, last)]
        r0 = sum(edges) / len(edges)
        relaxations, loaded_end = [], []
        for first, last in pulse_set:
            samples = relaxation(rows, last)
            if samples:
                current = -sum(r[2] for r in rows[first:last + 1]) / (last - first + 1)
                relaxations.append((current, rows[last][0] - rows[first - 1][0], samples))
                loaded_end.append(rows[last][1])
        if len(relaxations) < 2:
            print("%5.1f  %d  %.1f  (too few full relaxations for an RC fit)" % (soc * 100, len(pulse_set), r0 * 1e3))
            continue
        sse, tau1, tau2, params = fit_two_rc(relaxations)
        r1, r2 = params[-2], params[-1]
        raw_r0 = r0
        steps = []
        for k, (current, tp, _) in enumerate(relaxations):
            at_edge = params[k] - current * (r1 * (1 - math.exp(-tp / tau1)) + r2 * (1 - math.exp(-tp / tau2)))
            steps.append((at_edge - loaded_end[k]) / current)
        r0 = sum(steps) / len(steps)
        relax_rms = math.sqrt(sse / sum(len(s) for _, _, s in relaxations))
        print("%5.1f  %d  %6.2f  %6.2f  %6.2f  %7.0f  %6.2f  %7.1f  %7.0f  %5.2f  %.1f (%.1f..%.1f)" % (
            soc * 100, len(pulse_set), r0 * 1e3, r1 * 1e3, tau1, tau1 / r1, r2 * 1e3, tau2, tau2 / r2, relax_rms * 1e3, raw_r0 * 1e3,
            min(edges) * 1e3, max(edges) * 1e3))
        fits.append((soc, relax_rms))
        for name, value in (("r0", r0), ("r1", r1), ("tau1", tau1), ("r2", r2), ("tau2", tau2)):
            model[name].append((soc, value))
    for table in model.values():
        table.sort()
    print("# relaxation fit RMS over all sets: %.2f mV (worst set %.2f mV)" % (
        math.sqrt(sum(r * r for _, r in fits) / len(fits)) * 1e3, max(r for _, r in fits) * 1e3))

    ocv = load_ocv(os.path.join(base, "derived", "ocv_soc_from_C20_OCV_Test_C20_25dC.csv"))
    everything = []
    for pulse_set in sets:
        first, last = pulse_set[0][0], pulse_set[-1][1]
        errors = simulate_set(rows, first, last, ocv, model)
        loaded = [e for e, r in zip(errors, rows[first:last + 1]) if abs(r[2]) > PULSE_CURRENT_A]
        everything.extend(errors)
        print("# validation set at %5.1f %%: RMS %.1f mV, max %.0f mV; under load RMS %.1f mV" % (
            (1 + rows[first - 1][3] / CAPACITY_AH) * 100, rms(errors) * 1e3, max(map(abs, errors)) * 1e3,
            rms(loaded) * 1e3))
    print("# validation over the whole HPPC test: RMS %.1f mV" % (rms(everything) * 1e3))
    for cycle in ("25degC_US06_Pan18650PF", "25degC_HWFTa_Pan18650PF", "25degC_LA92_Pan18650PF"):
        errors = simulate_drive_cycle(load(os.path.join(base, "csv", cycle + ".csv.gz")), ocv, model)
        print("# open-loop drive cycle %s: RMS %.1f mV, max %.0f mV" % (cycle, rms(errors) * 1e3,
                                                                       max(map(abs, errors)) * 1e3))


if __name__ == "__main__":
    main()

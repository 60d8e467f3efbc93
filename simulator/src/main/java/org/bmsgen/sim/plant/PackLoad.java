package org.bmsgen.sim.plant;

/**
 * What is connected to PACK+/PACK-: it asks for a current; the FETs decide whether it flows.
 */
public interface PackLoad {

    /**
     * @param nowMicros simulated time
     * @param packSourceVolts sum of the cells' OCV and polarisation voltages (the pack's Thevenin source)
     * @param packOhms series resistance of cells, FETs and shunt (the Thevenin resistance)
     * @return requested current in amperes, positive = into the pack (charge)
     */
    double requestedChargeAmps(long nowMicros, double packSourceVolts, double packOhms);

    /** A constant current; negative discharges. */
    static PackLoad constantCurrent(double chargeAmps) {
        return (now, source, ohms) -> chargeAmps;
    }

    /** A profile starting at {@code startMicros}; 0 A before and after. */
    static PackLoad profile(CurrentProfile profile, long startMicros) {
        return (now, source, ohms) -> now < startMicros ? 0 : profile.chargeAmpsAt(now - startMicros);
    }

    /**
     * A constant-power load drawing {@code watts} at the pack terminals: I = P / V with V = Vs - I R, the
     * smaller root of R I^2 - Vs I + P = 0; no current if the pack cannot deliver the power.
     */
    static PackLoad constantPower(double watts) {
        return (now, source, ohms) -> {
            double discriminant = source * source - 4 * ohms * watts;
            if (discriminant < 0) {
                return 0;
            }
            double amps = ohms == 0 ? watts / source : (source - Math.sqrt(discriminant)) / (2 * ohms);
            return -amps;
        };
    }

    /**
     * A CC-CV charger: {@code constantAmps} until the pack terminals reach {@code constantVolts}, then the
     * current that holds them there (V = Vs + I R).
     */
    static PackLoad ccCvCharger(double constantAmps, double constantVolts) {
        return (now, source, ohms) -> {
            double holding = ohms == 0 ? constantAmps : (constantVolts - source) / ohms;
            return Math.max(0, Math.min(constantAmps, holding));
        };
    }
}

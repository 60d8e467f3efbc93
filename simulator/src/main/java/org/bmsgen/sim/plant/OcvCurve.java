package org.bmsgen.sim.plant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Open-circuit voltage over state of charge, linear between breakpoints and held flat outside them; one
 * temperature (combine several with {@link OcvByTemperature}).
 */
public final class OcvCurve implements OcvTable {
    private final double[] soc;
    private final double[] volts;

    /**
     * @param soc breakpoints, strictly ascending, as fractions 0..1
     * @param volts OCV at each breakpoint
     */
    public OcvCurve(double[] soc, double[] volts) {
        if (soc.length < 2 || soc.length != volts.length) {
            throw new IllegalArgumentException("an OCV curve needs at least two (soc, volts) pairs of equal count");
        }
        for (int i = 1; i < soc.length; i++) {
            if (!(soc[i] > soc[i - 1])) {
                throw new IllegalArgumentException("SoC breakpoints must ascend: " + soc[i - 1] + " then " + soc[i]);
            }
        }
        this.soc = soc.clone();
        this.volts = volts.clone();
    }

    @Override
    public double voltsAt(double stateOfCharge, double celsius) {
        return voltsAt(stateOfCharge);
    }

    /** Binary search and interpolation: no allocation, O(log n). */
    public double voltsAt(double stateOfCharge) {
        if (stateOfCharge <= soc[0]) {
            return volts[0];
        }
        int last = soc.length - 1;
        if (stateOfCharge >= soc[last]) {
            return volts[last];
        }
        int low = TableSegments.below(soc, stateOfCharge);
        double fraction = (stateOfCharge - soc[low]) / (soc[low + 1] - soc[low]);
        return volts[low] + fraction * (volts[low + 1] - volts[low]);
    }

    /**
     * The measured OCV of the Panasonic NCR18650PF at 25 C from its C/20 test, bundled with the simulator
     * (a copy of shared/data/cells/panasonic-18650pf/derived/ocv_soc_from_C20_OCV_Test_C20_25dC.csv;
     * Kollmeyer 2018, doi:10.17632/wykht8y7tg.1, CC BY 4.0).
     */
    public static OcvCurve panasonic18650pf() {
        String resource = "panasonic-18650pf-ocv-c20-25degC.csv";
        java.io.InputStream in = OcvCurve.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the simulator jar lacks its bundled OCV table " + resource);
        }
        try (Reader reader = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.US_ASCII)) {
            return fromCsv(reader);
        } catch (IOException e) {
            throw new IllegalStateException("bundled OCV table " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads "soc,volts" rows after one header line (the layout of
     * shared/data/cells/panasonic-18650pf/derived/ocv_soc_from_C20_OCV_Test_C20_25dC.csv,
     * Kollmeyer 2018, doi:10.17632/wykht8y7tg.1).
     */
    public static OcvCurve fromCsv(Reader source) throws IOException {
        List<double[]> rows = new ArrayList<>();
        BufferedReader reader = new BufferedReader(source);
        String line = reader.readLine();
        int lineNumber = 1;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",");
            try {
                rows.add(new double[] {Double.parseDouble(fields[0].trim()), Double.parseDouble(fields[1].trim())});
            } catch (RuntimeException e) {
                throw new IOException("line " + lineNumber + ": expected 'soc,volts' but found '" + line + "'");
            }
        }
        double[] soc = new double[rows.size()];
        double[] volts = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            soc[i] = rows.get(i)[0];
            volts[i] = rows.get(i)[1];
        }
        return new OcvCurve(soc, volts);
    }
}

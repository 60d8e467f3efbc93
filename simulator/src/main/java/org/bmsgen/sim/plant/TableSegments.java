package org.bmsgen.sim.plant;

/** The one search the plant's tables share; no allocation, O(log n). */
final class TableSegments {

    private TableSegments() {
    }

    /**
     * Index {@code i} with {@code xs[i] <= x < xs[i + 1]}, for ascending {@code xs} and
     * {@code xs[0] < x < xs[xs.length - 1]} (callers clamp the ends themselves).
     */
    static int below(double[] xs, double x) {
        int low = 0;
        int high = xs.length - 1;
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (xs[mid] <= x) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }
}

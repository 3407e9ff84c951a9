package org.rapport.benchmarks;

import java.util.Arrays;

/** Medians of repeated measurements, after a warm-up. */
final class Medians {

    static final int RUNS = 5;

    private Medians() {
    }

    /** Something measured once per call. */
    interface Measurement {
        double run() throws Exception;
    }

    /** One warm-up, then the median of {@link #RUNS} runs. */
    static double median(Measurement measurement) throws Exception {
        measurement.run();
        double[] values = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            values[i] = measurement.run();
        }
        Arrays.sort(values);
        return median(values);
    }

    /** The median of sorted values. */
    static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Milliseconds the work takes. */
    static double timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }
}

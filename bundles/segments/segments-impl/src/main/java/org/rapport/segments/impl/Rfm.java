package org.rapport.segments.impl;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * RFM scoring. Each buyer (a contact with a purchase in the window) gets three figures: days since
 * the latest purchase, the number of purchases and their total amount. The buyers' figures are cut
 * into fifths; the four boundaries per figure are kept, and a buyer scores 1 to 5 by where its
 * figure falls: 5 for the most recent fifth, the most frequent, the highest spending. Buyers with
 * equal figures score alike, so a figure most buyers share (one purchase) gives most of them the
 * same score. Keeping the boundaries lets one buyer be scored again after a purchase without
 * scoring everybody.
 */
final class Rfm {

    private Rfm() {
    }

    /** A buyer's purchases in the window. */
    record Figures(long contactId, Instant lastPurchase, long purchases, BigDecimal spent) {
    }

    /** The quintile boundaries of one scoring: four per figure, each the largest value of its fifth. */
    record Bounds(int windowDays, long[] recencyDays, long[] frequency, BigDecimal[] monetary) {

        static Bounds of(List<Figures> buyers, Instant now, int windowDays) {
            int n = buyers.size();
            long[] days = new long[n];
            long[] counts = new long[n];
            BigDecimal[] amounts = new BigDecimal[n];
            for (int i = 0; i < n; i++) {
                Figures f = buyers.get(i);
                days[i] = daysSince(f.lastPurchase(), now);
                counts[i] = f.purchases();
                amounts[i] = f.spent();
            }
            Arrays.sort(days);
            Arrays.sort(counts);
            Arrays.sort(amounts);
            long[] r = new long[4];
            long[] fr = new long[4];
            BigDecimal[] m = new BigDecimal[4];
            for (int k = 1; k <= 4; k++) {
                int at = Math.max(0, (int) Math.ceil(k * n / 5.0) - 1);
                r[k - 1] = n == 0 ? 0 : days[at];
                fr[k - 1] = n == 0 ? 0 : counts[at];
                m[k - 1] = n == 0 ? BigDecimal.ZERO : amounts[at];
            }
            return new Bounds(windowDays, r, fr, m);
        }

        /** Recency, frequency and monetary scores, each 1 to 5. */
        int[] score(Figures figures, Instant now) {
            long days = daysSince(figures.lastPurchase(), now);
            int r = 5;
            int f = 1;
            int m = 1;
            for (int k = 0; k < 4; k++) {
                if (days > recencyDays[k]) {
                    r--;
                }
                if (figures.purchases() > frequency[k]) {
                    f++;
                }
                if (figures.spent().compareTo(monetary[k]) > 0) {
                    m++;
                }
            }
            return new int[] {r, f, m};
        }

        String text() {
            StringJoiner m = new StringJoiner(",");
            Arrays.stream(monetary).forEach(b -> m.add(b.toPlainString()));
            return join(recencyDays) + ";" + join(frequency) + ";" + m;
        }

        static Bounds parse(String text, Integer windowDays) {
            String[] parts = text.split(";");
            BigDecimal[] m = Arrays.stream(parts[2].split(",")).map(BigDecimal::new).toArray(BigDecimal[]::new);
            return new Bounds(windowDays == null ? 0 : windowDays, longs(parts[0]), longs(parts[1]), m);
        }

        private static String join(long[] values) {
            StringJoiner joiner = new StringJoiner(",");
            Arrays.stream(values).forEach(v -> joiner.add(Long.toString(v)));
            return joiner.toString();
        }

        private static long[] longs(String text) {
            return Arrays.stream(text.split(",")).mapToLong(Long::parseLong).toArray();
        }
    }

    static long daysSince(Instant time, Instant now) {
        return Math.max(0, Duration.between(time, now).toDays());
    }
}

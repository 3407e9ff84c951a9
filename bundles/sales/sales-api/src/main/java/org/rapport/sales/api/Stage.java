package org.rapport.sales.api;

/**
 * A stage of the pipeline, as configured.
 *
 * @param probability the default chance, in percent, that an opportunity in this stage is won;
 *                    the forecast weighs amounts by it
 * @param outcome {@code open}, or {@code won} / {@code lost} for the stages that close an opportunity
 */
public record Stage(String name, int probability, String outcome) {

    public static final String OPEN = "open";
    public static final String WON = "won";
    public static final String LOST = "lost";

    public boolean closes() {
        return !OPEN.equals(outcome);
    }
}

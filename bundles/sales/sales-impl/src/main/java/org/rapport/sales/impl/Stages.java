package org.rapport.sales.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.rapport.sales.api.SalesValidationException;
import org.rapport.sales.api.Stage;

/** The configured pipeline stages, read from {@code name:probability[:won|:lost]} entries. */
final class Stages {

    private final List<Stage> stages;

    private Stages(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** @throws IllegalArgumentException naming the entry at fault */
    static Stages parse(String[] configured) {
        String[] entries = ConfigLists.split(configured);
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            String[] parts = entries[i].strip().split(":");
            String where = "stages[" + i + "] '" + entries[i] + "': ";
            if (parts.length < 2 || parts.length > 3 || !parts[0].matches("[a-z][a-z0-9-]{0,39}")) {
                throw new IllegalArgumentException(where + "write name:probability[:won|:lost], the name in lower case");
            }
            int probability;
            try {
                probability = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                probability = -1;
            }
            if (probability < 0 || probability > 100) {
                throw new IllegalArgumentException(where + "the probability is a whole percentage from 0 to 100");
            }
            String outcome = parts.length == 3 ? parts[2] : Stage.OPEN;
            if (!List.of(Stage.WON, Stage.LOST, Stage.OPEN).contains(outcome)) {
                throw new IllegalArgumentException(where + "the outcome is won or lost");
            }
            String name = parts[0];
            if (stages.stream().anyMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException(where + "the stage is named twice");
            }
            stages.add(new Stage(name, probability, outcome));
        }
        for (String needed : List.of(Stage.OPEN, Stage.WON, Stage.LOST)) {
            if (stages.stream().noneMatch(s -> s.outcome().equals(needed))) {
                throw new IllegalArgumentException("stages: at least one stage must be " + needed);
            }
        }
        return new Stages(stages);
    }

    List<Stage> all() {
        return stages;
    }

    Optional<Stage> find(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The stage named {@code name}, or a refusal of {@code field} listing the stages. */
    Stage require(String field, String name) {
        return find(name).orElseThrow(() -> SalesValidationException.of(field, "'" + name + "' is not a stage; one of "
                + names()));
    }

    Stage first() {
        return stages.stream().filter(s -> !s.closes()).findFirst().orElseThrow();
    }

    String names() {
        return stages.stream().map(Stage::name).collect(Collectors.joining(", "));
    }
}

package org.rapport.rules.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The calls between the methods of the classes compiled from a rule package ({@code owner.name
 * descriptor}, internal names), and the cycles among them: recursion, which the sandbox refuses
 * because no budget could stop it. Sorted, so that the same classes report the same cycle the
 * same way every time.
 */
final class CallGraph {

    /**
     * Stands for the platform calling back code handed to it: whatever hands code over calls it,
     * and it calls every method that may be called back. Never named in a cycle's report.
     */
    static final String PLATFORM = "(platform).callsBack()";

    /** A cycle of calls, reported at the method it closes on. */
    record Cycle(String owner, String method, String path) {
    }

    private final Map<String, Set<String>> calls = new TreeMap<>();

    void add(String caller, String callee) {
        calls.computeIfAbsent(caller, k -> new TreeSet<>()).add(callee);
    }

    /** Every cycle, each found once from where the search first meets it. */
    List<Cycle> cycles() {
        List<Cycle> cycles = new ArrayList<>();
        Map<String, Boolean> onPath = new HashMap<>();
        for (String start : calls.keySet()) {
            if (!onPath.containsKey(start)) {
                walk(start, onPath, new ArrayDeque<>(), cycles);
            }
        }
        return cycles;
    }

    private void walk(String method, Map<String, Boolean> onPath, Deque<String> path, List<Cycle> cycles) {
        onPath.put(method, true);
        path.push(method);
        for (String callee : calls.getOrDefault(method, Set.of())) {
            Boolean open = onPath.get(callee);
            if (open == null) {
                walk(callee, onPath, path, cycles);
            } else if (open) {
                cycles.add(cycle(path, callee));
            }
        }
        path.pop();
        onPath.put(method, false);
    }

    /** The cycle that closes on {@code callee}, in the rules' own methods: the platform's part is left out. */
    private static Cycle cycle(Deque<String> path, String callee) {
        List<String> methods = new ArrayList<>();
        for (String step : path) {
            methods.add(0, step);
            if (step.equals(callee)) {
                break;
            }
        }
        methods.remove(PLATFORM);
        // It begins at the callee; one that closes on the platform, at the first method called back.
        String closing = methods.get(0);
        List<String> steps = methods.stream().map(step -> name(step) + "()").toList();
        return new Cycle(closing.substring(0, closing.indexOf('.')), name(closing),
                String.join(" calls ", steps) + " calls " + name(closing) + "() again");
    }

    private static String name(String method) {
        return method.substring(method.indexOf('.') + 1, method.indexOf('('));
    }
}

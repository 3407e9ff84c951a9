package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class CallGraphTest {

    @Test
    public void recursionIsACycleAtTheMethodItClosesOn() {
        CallGraph calls = new CallGraph();
        calls.add("rules/F.a()V", "rules/F.b()V");
        calls.add("rules/F.b()V", "rules/F.a()V");

        assertEquals(List.of(new CallGraph.Cycle("rules/F", "a", "a() calls b() calls a() again")), calls.cycles());
    }

    @Test
    public void aCycleThroughCodeHandedToThePlatformIsReportedInTheRulesOwnMethods() {
        CallGraph calls = new CallGraph();
        // R.run hands code to the platform, which may call back every callback: C.call calls R.run again.
        calls.add("rules/R.run()V", CallGraph.PLATFORM);
        calls.add(CallGraph.PLATFORM, "rules/C.call()V");
        calls.add(CallGraph.PLATFORM, "rules/D.call()V");
        calls.add("rules/C.call()V", "rules/R.run()V");

        List<CallGraph.Cycle> cycles = calls.cycles();

        assertEquals(1, cycles.size());
        CallGraph.Cycle cycle = cycles.get(0);
        assertTrue(cycle.toString(), cycle.owner().equals("rules/C") || cycle.owner().equals("rules/R"));
        assertTrue(cycle.path(), cycle.path().matches("(call\\(\\) calls run|run\\(\\) calls call)\\(\\) calls \\w+\\(\\) again"));
    }

    @Test
    public void manyMethodsHandingCodeOverAndManyCallbacksMakeNoCycleWithoutACallBack() {
        CallGraph calls = new CallGraph();
        for (int i = 0; i < 2_000; i++) {
            calls.add("rules/Rule" + i + ".define()V", CallGraph.PLATFORM);
            calls.add(CallGraph.PLATFORM, "rules/Lambda" + i + ".apply()V");
        }

        assertEquals(List.of(), calls.cycles());
    }
}

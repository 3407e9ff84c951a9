package org.rapport.rules.impl;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Decisions;
import org.rapport.rules.api.RuleEvaluationException;

/**
 * Runs one evaluation on a knowledge base: a fresh session, the facts inserted, rules fired
 * within a firing limit and a time budget, and the decisions collected. Used for live
 * evaluations and for scenarios alike, so both behave the same.
 */
final class Evaluator {

    /** Halts evaluations that run past their budget; one daemon thread for all engines. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rapport-rules-watchdog");
            t.setDaemon(true);
            return t;
        });
        // Every evaluation cancels its timer; without this, cancelled timers (and the sessions they
        // refer to) would stay queued for the whole budget.
        watchdog.setRemoveOnCancelPolicy(true);
        return watchdog;
    }

    /** An evaluation stopped by its time budget or its firing limit: the release overran. */
    static final class Overrun extends RuleEvaluationException {
        private static final long serialVersionUID = 1L;

        Overrun(String message, String rule) {
            super(message, rule, null);
        }
    }

    /** What the rules decided, how many times they fired, and the names of the rules that fired. */
    record Outcome(List<Decision> decisions, int fired, Set<String> rulesFired) {
    }

    private Evaluator() {
    }

    static Outcome evaluate(String rulePackage, long version, KieBase kieBase, boolean declaresDecisions,
            ClassLoader classLoader, Collection<?> facts, int maxFiresPerFact, long budgetMillis) {
        DecisionCollector collector = new DecisionCollector(rulePackage, version);
        int limit = Math.max(1, facts.size()) * maxFiresPerFact;
        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        KieSession session = kieBase.newKieSession();
        try {
            if (declaresDecisions) {
                session.setGlobal(Decisions.GLOBAL, collector);
            }
            for (Object fact : facts) {
                session.insert(fact);
            }
            AtomicBoolean overBudget = new AtomicBoolean();
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                overBudget.set(true);
                session.halt();
            }, budgetMillis, TimeUnit.MILLISECONDS);
            int fired;
            try {
                fired = session.fireAllRules(collector, limit + 1);
            } finally {
                watchdog.cancel(false);
            }
            if (overBudget.get()) {
                String culprit = collector.currentRule();
                throw new Overrun("evaluation of rule package '" + rulePackage + "' v" + version
                        + " halted after its time budget of " + budgetMillis + " ms and " + fired
                        + " rule firings; rule \"" + culprit + "\" was firing", culprit);
            }
            if (fired > limit) {
                String culprit = collector.mostFiredRule();
                throw new Overrun("evaluation of rule package '" + rulePackage + "' v" + version
                        + " stopped after " + limit + " rule firings; rule \"" + culprit + "\" fired "
                        + collector.firingsOf(culprit) + " times", culprit);
            }
            return new Outcome(collector.decisions(), fired, collector.firedRules());
        } catch (StackOverflowError e) {
            String rule = collector.currentRule();
            throw new RuleEvaluationException("rule \"" + rule + "\" of rule package '" + rulePackage + "' v" + version
                    + " recursed without end (stack overflow)", rule, e);
        } catch (LinkageError e) {
            // A type the rule's class loader refuses, met at run time.
            String rule = collector.currentRule();
            throw new RuleEvaluationException("rule \"" + rule + "\" of rule package '" + rulePackage + "' v" + version
                    + " needs a type rules may not use: " + e.getMessage(), rule, e);
        } catch (ConsequenceException e) {
            String rule = e.getMatch() != null ? e.getMatch().getRule().getName() : collector.currentRule();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new RuleEvaluationException("rule \"" + rule + "\" of rule package '" + rulePackage + "' v" + version
                    + " failed: " + cause, rule, cause);
        } catch (RuleEvaluationException e) {
            throw e;
        } catch (RuntimeException e) {
            // A condition failed while facts were matched, e.g. a value that cannot be compared.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new RuleEvaluationException("rule package '" + rulePackage + "' v" + version
                    + " failed while matching facts: " + cause, null, e);
        } finally {
            session.dispose();
            thread.setContextClassLoader(previousLoader);
        }
    }
}

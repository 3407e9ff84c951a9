package org.rapport.rules.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Evaluates the active release of a rule package. Rules only decide: evaluation returns
 * decisions and changes nothing, so the owning bundle applies them in its own transaction.
 */
@ProviderType
public interface RulesEngine {

    /**
     * Evaluates {@code facts} against the active release of {@code rulePackage}. The whole
     * evaluation runs on one release, even if another is swapped in meanwhile.
     *
     * @throws RulesUnavailableException if the package has no active release
     * @throws RuleEvaluationException if the rules failed or ran away during this evaluation
     */
    Evaluation evaluate(String rulePackage, Collection<?> facts);

    /**
     * Compiles {@code files} (file name to text: {@code .drl} rules and {@code .yaml} scenarios)
     * as the next release of {@code rulePackage} and, if the rules compile, respect the rule
     * policy and pass every scenario, makes it the active release. On rejection the active
     * release keeps serving.
     *
     * @param origin where the files came from, for the record (a folder, a file, the REST API, a bundle)
     * @param author who made the change, for the record (a user name, a bundle)
     * @throws RuleRejectedException with every problem found, each naming file, line and column
     */
    Release deploy(String rulePackage, Map<String, String> files, String origin, String author);

    /**
     * Stops serving a package's rules if they came from {@code origin}: the active release (or
     * files waiting for fact types) is unloaded and the package is {@code WITHDRAWN} until a
     * release is deployed again. History stays. Used when the bundle that carried a rule pack
     * stops; a release deployed since from elsewhere is left alone.
     *
     * @return whether something was withdrawn
     */
    boolean withdraw(String rulePackage, String origin);

    /**
     * Puts candidate files through the gate (compiled, held to the rule policy, their scenarios
     * run) and changes nothing: what an editor shows while an analyst types.
     *
     * @return every problem that would refuse them, each naming file, line and column; empty when
     *         {@link #deploy} would accept them
     * @throws RulesUnavailableException if no bundle contributes the package's fact types
     */
    List<RuleProblem> check(String rulePackage, Map<String, String> files);

    /**
     * The gate's static checks of candidate files (conflicting rules, rules that can never fire,
     * gaps in decisions the package declares it always makes, overlapping and missing rows of
     * decision tables), found from the rule text alone, without running a rule. Each is a warning
     * or, as the engine is configured, refuses the candidate (then {@link #check} reports it too).
     * Files that do not parse have no findings: {@link #check} says why.
     *
     * @throws RulesUnavailableException if no bundle contributes the package's fact types
     */
    List<RuleFinding> findings(String rulePackage, Map<String, String> files);

    /**
     * Puts candidate files through the gate and, if they pass, evaluates them and the active
     * release on every stored fact the package's {@link FactSource}s offer, applying nothing.
     *
     * @throws RuleRejectedException if the candidate does not pass the gate
     */
    default Impact preview(String rulePackage, Map<String, String> files) {
        return preview(rulePackage, files, (evaluated, total) -> { });
    }

    /**
     * {@link #preview(String, Map)}, telling {@code progress} how far it has got after each batch
     * of stored facts.
     */
    Impact preview(String rulePackage, Map<String, String> files, Progress progress);

    /** How far a long-running operation has got. */
    @FunctionalInterface
    interface Progress {
        /**
         * @param done facts evaluated so far
         * @param total facts to evaluate in all, or -1 if the sources cannot tell
         */
        void update(long done, long total);
    }

    /**
     * Runs candidate files beside the active release: every live evaluation of the package also
     * evaluates them, and what they would decide differently is counted, never applied. Replaces
     * a shadow already running.
     *
     * @throws RuleRejectedException if the candidate does not pass the gate
     * @throws RulesUnavailableException if the package has no active release to compare with
     */
    Shadow startShadow(String rulePackage, Map<String, String> files, String origin);

    /** The shadow running for a package, with what it has counted so far. */
    Optional<Shadow> shadow(String rulePackage);

    /** Ends the shadow; returns what it had counted. */
    Optional<Shadow> dropShadow(String rulePackage);

    /** Deploys the shadow's files as the next release (through the gate again) and ends the shadow. */
    Release promoteShadow(String rulePackage, String author);

    /** Every accepted release of a package, newest first; kept across restarts. */
    List<Release> history(String rulePackage);

    /** The files of one release of a package, by name. */
    Optional<Map<String, String>> files(String rulePackage, long version);

    /**
     * What changed between two releases of a package, file by file and line by line, in the
     * unified style: {@code --- name} and {@code +++ name} headers, then {@code -} lines only in
     * {@code from} and {@code +} lines only in {@code to}, each with its line number. Empty when
     * both hold the same files.
     *
     * @throws IllegalArgumentException if the package has no such release
     */
    List<String> diff(String rulePackage, long from, long to);

    /**
     * Makes the files of an earlier release active again, as a new release (history only grows).
     *
     * @throws IllegalArgumentException if the package has no such release
     * @param author who asked for the rollback, for the record
     * @throws RuleRejectedException if those files no longer compile against today's fact types
     */
    Release rollback(String rulePackage, long version, String author);

    /**
     * Runs the scenarios that travel with the active release of a package ({@code *.yaml} files
     * beside its rules). Every accepted release has passed them all.
     *
     * @throws RulesUnavailableException if the package has no active release
     */
    List<ScenarioResult> test(String rulePackage);

    /**
     * Which rules of a release its scenarios fired, rule by rule in the order the files declare
     * them: recorded when the release passed the gate. Empty when the package has no such release
     * or the release was accepted before coverage was recorded.
     *
     * @since 2.6
     */
    Optional<List<RuleCoverage>> coverage(String rulePackage, long version);

    /** The state of every known rule package, sorted by name. */
    List<RulePackageStatus> packages();

    /** The state of one rule package. */
    Optional<RulePackageStatus> status(String rulePackage);
}

/**
 * The Drools host: the only code in Rapport that sees Drools. {@link DroolsRulesEngine} keeps one
 * {@link PackageSlot} per rule package and swaps releases in it; every candidate passes the
 * {@link Gate} ({@link PackageCompiler} with {@link DecisionTables} and {@link RulePolicy}, compiling
 * to Drools' executable model ({@link ExecutableModel}) and judging every compiled class with the
 * {@link Sandbox} against the {@link AllowList} before the package's {@link FactClassLoader} loads
 * it; then the static checks of {@link RuleChecks}, which read the parsed rule text only
 * ({@link RuleShapes}, {@link Constraints}, {@link Region}, {@link Domain}, {@link FactTypes},
 * {@link DecisionDeclarations}, {@link TableGaps}) and refuse or warn as the {@link CheckPolicy}
 * says; then {@link ScenarioRunner}, which also notes the rules each scenario fires for the
 * release's {@link Coverage}, and the demands a new release must meet: scenarios, and full
 * coverage where its {@link PackageSettings} ask for it); a serving release's alpha network is then compiled to Java in
 * the background and switched to once its scenarios pass on it; {@link Evaluator} runs one
 * evaluation within its {@link Limits}, and {@link Overruns} withdraws a release that keeps
 * overrunning them;
 * {@link Preview} and {@link Shadows} compare a candidate with the active release; releases are
 * kept by a {@link ReleaseStore}, with the shadows, so that a shadow survives a restart and runs
 * on every node ({@link NodeSync}), and announced by the {@link Announcer}. Rule files come from the
 * {@link RuleHotFolder}, the {@link RulePackExtender} and the API.
 */
package org.rapport.rules.impl;

package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Test;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;

/**
 * The static checks' corpus ({@code src/test/resources/checks}): rule files and decision tables
 * that each say what the checks must find and where ({@code expect conflict at 6}, {@code expect
 * table-gap at 11}, {@code expect problem at 6} for a declaration the gate refuses, {@code expect
 * nothing}), and nothing else may be found.
 */
public class RuleChecksTest {

    static final Path CORPUS = Paths.get("src/test/resources/checks");
    private static final Pattern EXPECT = Pattern.compile("expect ([a-z-]+) at (\\d+)");

    private static final Map<String, Object> CLUB = Map.of(FactModel.RULE_PACKAGE, "club");
    private final FactModel members = () -> Set.of(Member.class, Customer.class);
    private DroolsRulesEngine engine;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(members, CLUB);
    }

    static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> RuleFiles.isRules(f.getFileName().toString())).sorted().collect(Collectors.toList());
        }
    }

    @Test
    public void everyCorpusFileHasExactlyTheFindingsItDeclaresWhereItDeclaresThem() throws IOException {
        List<Path> corpus = corpus();
        assertTrue("the corpus holds conflicting, unreachable, gapped and clean files, found " + corpus.size(),
                corpus.size() >= 12);
        List<String> wrong = new ArrayList<>();
        for (Path file : corpus) {
            String name = file.getFileName().toString();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Set<String> expected = new TreeSet<>();
            Matcher m = EXPECT.matcher(text);
            while (m.find()) {
                expected.add(m.group(1) + " at " + m.group(2));
            }
            assertTrue(name + " says what it expects", !expected.isEmpty() || text.contains("expect nothing"));
            Set<String> found = new TreeSet<>();
            for (RuleFinding finding : engine.findings("club", Map.of(name, text))) {
                assertEquals(finding.toString(), name, finding.file());
                assertTrue(finding + " names its rules", finding.check() == RuleFinding.Check.GAP || !finding.rules().isEmpty());
                found.add(finding.check().id() + " at " + finding.line());
            }
            for (RuleProblem problem : engine.check("club", Map.of(name, text))) {
                if (problem.message().startsWith("@decision")) {
                    found.add("problem at " + problem.line());
                }
            }
            if (!found.equals(expected)) {
                wrong.add(name + ": expected " + expected + ", found " + found + " "
                        + engine.findings("club", Map.of(name, text)));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    public void warningsLetTheReleaseServeAndBecomeItsNotes() throws IOException {
        String text = Files.readString(CORPUS.resolve("conflict-overlap.drl"), StandardCharsets.UTF_8);
        Release release = engine.deploy("club", Map.of("tiers.drl", text), "test", "tester");
        assertEquals(1, release.notes().size());
        String note = release.notes().get(0);
        assertTrue(note, note.startsWith("tiers.drl:6: warning: conflict: rules 'CLUB-001 Gold from 1,000 points' and "
                + "'CLUB-002 Silver from 500 to 1,999 points' both decide club.set-tier about Member.getId(), "
                + "differently (tier Gold / Silver), for Member where points in [1000, 1999]"));
        assertEquals(release.notes(), engine.history("club").get(0).notes());
    }

    @Test
    public void aDeclaredGapRefusesByDefaultAndWarnsWhenConfiguredSo() throws IOException {
        String text = Files.readString(CORPUS.resolve("gap-declared.drl"), StandardCharsets.UTF_8);
        RuleRejectedException refused = assertThrows(RuleRejectedException.class,
                () -> engine.deploy("club", Map.of("tiers.drl", text), "test", "tester"));
        RuleProblem problem = refused.rejection().problems().get(0);
        assertEquals("tiers.drl:6", problem.location());
        assertEquals("gap: no rule decides club.set-tier for Member where points in [100, 199], tier == null "
                + "(the package declares it always decides it)", problem.message());

        engine.configure(EngineConfigs.config(1000, 10_000, Map.of("checkGap", "warn")));
        Release release = engine.deploy("club", Map.of("tiers.drl", text), "test", "tester");
        assertEquals(List.of("tiers.drl:6: warning: " + problem.message()), release.notes());
    }

    @Test
    public void aServingReleaseBuiltAgainIsNotJudgedAgainByTheChecks() throws IOException {
        String text = Files.readString(CORPUS.resolve("gap-declared.drl"), StandardCharsets.UTF_8);
        engine.configure(EngineConfigs.config(1000, 10_000, Map.of("checkGap", "warn")));
        Release release = engine.deploy("club", Map.of("tiers.drl", text), "test", "tester");
        engine.configure(EngineConfigs.config(1000, 10_000, Map.of()));

        // Its fact types leave and come back: the release is rebuilt, and serves again though a gap now refuses.
        engine.removeFactModel(members, CLUB);
        engine.addFactModel(members, CLUB);

        assertEquals(release, engine.status("club").orElseThrow().active().orElseThrow());
        assertThrows("a new candidate with the gap is refused", RuleRejectedException.class,
                () -> engine.deploy("club", Map.of("tiers.drl", text + "\n"), "test", "tester"));
    }

    @Test
    public void aConflictRefusesWhenConfiguredSoAndNothingIsReportedWhenOff() throws IOException {
        String text = Files.readString(CORPUS.resolve("conflict-overlap.drl"), StandardCharsets.UTF_8);
        engine.configure(EngineConfigs.config(1000, 10_000, Map.of("checkConflict", "refuse")));
        assertThrows(RuleRejectedException.class, () -> engine.deploy("club", Map.of("tiers.drl", text), "test", "tester"));
        assertTrue(engine.findings("club", Map.of("tiers.drl", text)).get(0).refusing());

        engine.configure(EngineConfigs.config(1000, 10_000, Map.of("checkConflict", "off")));
        assertEquals(List.of(), engine.findings("club", Map.of("tiers.drl", text)));
        assertEquals(List.of(), engine.deploy("club", Map.of("tiers.drl", text), "test", "tester").notes());
    }

    @Test
    public void aSpreadsheetTableIsCheckedByItsRows() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("table-gap.csv"), StandardCharsets.UTF_8)) {
            rows.add(List.copyOf(new org.drools.decisiontable.parser.csv.CsvLineParser().parse(line)));
        }
        String xlsx = DecisionTablesTest.xlsxFromCsv(rows);
        List<RuleFinding> findings = engine.findings("club", Map.of("tiers.xlsx", xlsx));
        assertEquals(findings.toString(), 1, findings.size());
        assertEquals("tiers.xlsx:11: warning: table-gap: no row decides club.set-tier for Member where points in "
                + "[100, 199], between rows 10 and 11; add a row for those values, or widen a neighbouring row",
                findings.get(0).toString());
        assertFalse(findings.get(0).refusing());
    }

    @Test
    public void rulesOfSeveralPatternsAndTablesOfSeveralColumnsAreComparedAndSaidSo() throws IOException {
        assertEquals(List.of("conflict-two-patterns.drl:7: warning: conflict: rules 'CLUB-070 Gold from 1,000 points "
                + "for customers who spent 5,000' and 'CLUB-071 Silver from 500 to 1,999 points for customers who spent "
                + "1,000' both decide club.set-tier about Member.getId(), differently (tier Gold / Silver), for Member "
                + "where points in [1000, 1999] and for Customer where spend >= 5000; make their conditions exclusive, "
                + "or settle it with a salience or an activation-group"), findingsOf("conflict-two-patterns.drl"));
        List<String> notCompared = findingsOf("not-compared-two-patterns.drl");
        assertEquals(notCompared.toString(), 1, notCompared.size());
        assertTrue(notCompared.get(0), notCompared.get(0).startsWith("not-compared-two-patterns.drl:8: warning: "
                + "not-compared: rules 'CLUB-074 Gold from 1,000 points when no customer spent over 100' and 'CLUB-075 "
                + "Silver from 500 points for customers' both decide club.set-tier about Member.getId(), differently "
                + "(tier Gold / Silver), maybe for Member where points >= 1000; not compared: 'CLUB-074 Gold from 1,000 "
                + "points when no customer spent over 100' has conditions beyond plain patterns"));
        assertEquals(List.of("table-gap-two-columns.csv:10: warning: table-gap: no row decides club.set-tier for "
                + "Member where months in [0, 11], points >= 1000 (no row covers that combination of points and months); "
                + "add a row for those values, or widen a neighbouring row"), findingsOf("table-gap-two-columns.csv"));
        RuleFinding gap = engine.findings("club", Map.of("tiers.csv", Files.readString(CORPUS.resolve(
                "table-gap-two-columns.csv"), StandardCharsets.UTF_8))).get(0);
        assertEquals(List.of("CLUB-T1 Bronze", "CLUB-T2 Silver", "CLUB-T3 Gold"), gap.rules());

        // Not compared is no defect found: it warns while conflicts are checked, never refuses, and is off with them.
        engine.configure(EngineConfigs.config(1000, 10_000, Map.of("checkConflict", "refuse")));
        assertFalse(engine.findings("club", Map.of("tiers.drl", Files.readString(CORPUS.resolve(
                "not-compared-two-patterns.drl"), StandardCharsets.UTF_8))).get(0).refusing());
        engine.configure(EngineConfigs.config(1000, 10_000, Map.of("checkConflict", "off")));
        assertEquals(List.of(), findingsOf("not-compared-two-patterns.drl"));
    }

    private List<String> findingsOf(String corpusFile) throws IOException {
        String text = Files.readString(CORPUS.resolve(corpusFile), StandardCharsets.UTF_8);
        return engine.findings("club", Map.of(corpusFile, text)).stream().map(RuleFinding::toString).toList();
    }
}

package org.rapport.service.impl.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Languages an administrator adds to the survey page as files, and a hostile corpus beside them:
 * each file at fault is refused at its file and line, and is not taken, while the good ones are.
 */
public class SurveyTextFilesTest {

    private static final String SWEDISH = """
            # Swedish texts of the satisfaction survey's page
            title = Hur gick det?
            question = Hur nöjd är du med vår hjälp, från 1 (inte alls) till 5 (mycket)?
            comment = Något att tillägga?
            send = Skicka
            thanks = Tack för ditt svar.
            answered = Enkäten är redan besvarad. Tack.
            closed = Enkäten är stängd.
            unknown = Länken kommer inte från oss.
            """;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path file(Path folder, String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    public void aLanguageAddedAsAFileIsSpokenAndOneForABuiltInLanguageRewordsIt() throws IOException {
        Path folder = temp.newFolder("survey-texts").toPath();
        file(folder, "sv.properties", SWEDISH);
        file(folder, "en.properties", SWEDISH.replace("Hur gick det?", "How was it?").replace("Skicka", "Send it"));

        SurveyTextFiles.Read read = SurveyTextFiles.read(folder);
        assertEquals(List.of(), read.problems());
        SurveyTexts texts = new SurveyTexts(read.languages());
        assertEquals(List.of("de", "en", "es", "fr", "it", "nl", "pt", "sv"), texts.languages());
        assertEquals("sv", texts.language("sv-FI"));
        assertEquals("Hur nöjd är du med vår hjälp, från 1 (inte alls) till 5 (mycket)?", texts.text("sv", "question"));
        assertEquals("How was it?", texts.text("en", "title"));
        assertEquals("no folder, the built-in languages", SurveyTexts.BUILT_IN_TEXTS.languages(),
                new SurveyTexts(SurveyTextFiles.read(folder.resolve("absent")).languages()).languages());
    }

    @Test
    public void eachFileAtFaultIsRefusedAtItsFileAndLineAndNotTaken() throws IOException {
        Path folder = temp.newFolder("survey-texts").toPath();
        file(folder, "sv.properties", SWEDISH);
        file(folder, "da.properties", SWEDISH.replace("comment =", "kommentar ="));
        file(folder, "fi.properties", SWEDISH.replace("send = Skicka\n", "send = Skicka\nsend = Lähetä\n"));
        file(folder, "nb.properties", SWEDISH.replace("thanks = Tack för ditt svar.\n", ""));
        file(folder, "is.properties", SWEDISH.replace("Hur gick det?", "Hur\u001b[2J gick det?"));
        file(folder, "pl.properties", SWEDISH.replace("Skicka", "x".repeat(501)));
        file(folder, "cs.properties", SWEDISH + "just a line\n");
        file(folder, "et.properties", "title = " + "a".repeat(SurveyTextFiles.MAX_BYTES) + "\n");
        Files.write(folder.resolve("lt.properties"), new byte[] {'t', 'i', 't', 'l', 'e', '=', (byte) 0xC3, '(', '\n'});
        file(folder, "SV.properties", SWEDISH);
        file(folder, "README.txt", "title = not a language");
        file(folder, "sv.properties~", "title = an editor's backup");
        file(folder, "..properties", SWEDISH);
        Files.createDirectory(folder.resolve("hu.properties"));
        Path outside = file(temp.getRoot().toPath(), "secret.properties", SWEDISH);
        Files.createSymbolicLink(folder.resolve("lv.properties"), outside);

        SurveyTextFiles.Read read = SurveyTextFiles.read(folder);
        assertEquals("only the good file is taken", List.of("sv"), List.copyOf(read.languages().keySet()));
        String keys = String.join(", ", SurveyTexts.KEYS);
        assertEquals(List.of(
                "..properties: is not named <language tag>.properties in lower case (sv.properties, pt-br.properties)",
                "SV.properties: is not named <language tag>.properties in lower case (sv.properties, pt-br.properties)",
                "cs.properties:10: is not key = text",
                "da.properties:4: 'kommentar' is not a text of the survey page; one of " + keys,
                "et.properties: is larger than 16384 bytes",
                "fi.properties:6: send is given a second time",
                "hu.properties: is not a regular file (a symbolic link or a folder is not read)",
                "is.properties:2: title holds a control character",
                "lt.properties: is not UTF-8",
                "lv.properties: is not a regular file (a symbolic link or a folder is not read)",
                "nb.properties: lacks thanks",
                "pl.properties:5: send has 501 characters; 1 to 500"),
                read.problems());
    }

    @Test
    public void theSurveyPageTakesALanguageAddedWhileItRunsWithinAMinute() throws IOException {
        Path folder = temp.newFolder("survey-texts").toPath();
        org.rapport.testing.MutableClock clock = new org.rapport.testing.MutableClock(java.time.Instant.parse("2026-12-07T10:00:00Z"));
        SurveyResource page = new SurveyResource(null, folder, clock);
        assertEquals("en", page.texts().language("sv"));

        file(folder, "sv.properties", SWEDISH);
        file(folder, "da.properties", "title = Hvordan gik det?\n");
        assertEquals("read again after a minute, not at every request", "en", page.texts().language("sv"));
        clock.advance(java.time.Duration.ofMinutes(1));
        assertEquals("sv", page.texts().language("sv"));
        assertTrue(page.form("sv").contains("<button type=\"submit\">Skicka</button>"));
        assertEquals(List.of("da.properties: lacks question, comment, send, thanks, answered, closed, unknown"),
                page.problems());
    }
}

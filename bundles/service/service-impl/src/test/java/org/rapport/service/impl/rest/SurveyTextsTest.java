package org.rapport.service.impl.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;

import org.junit.Test;

/** The survey page's texts: every language has each, a tag falls back to its primary language, then English. */
public class SurveyTextsTest {

    @Test
    public void everyLanguageHasEveryTextAndATagFallsBackToItsPrimaryLanguageThenEnglish() {
        assertEquals(List.of("de", "en", "es", "fr", "it", "nl", "pt"), SurveyTexts.languages());
        for (String language : SurveyTexts.languages()) {
            for (String key : SurveyTexts.KEYS) {
                assertFalse(language + " " + key, SurveyTexts.text(language, key).isBlank());
            }
        }
        assertEquals("pt", SurveyTexts.language("pt_BR"));
        assertEquals("de", SurveyTexts.language(" DE-at "));
        assertEquals("en", SurveyTexts.language("sw"));
        assertEquals("en", SurveyTexts.language(null));
        assertEquals("en", SurveyTexts.language("\"><script>"));
        assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;", SurveyTexts.escaped("<b> & \"x\" '"));
    }
}

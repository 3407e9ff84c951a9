package org.rapport.service.impl.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;

import org.junit.Test;

/** The survey page's texts: every language has each, a tag falls back to its primary language, then English. */
public class SurveyTextsTest {

    @Test
    public void everyLanguageHasEveryTextAndATagFallsBackToItsPrimaryLanguageThenEnglish() {
        assertEquals(List.of("de", "en", "es", "fr", "it", "nl", "pt"), SurveyTexts.BUILT_IN_TEXTS.languages());
        for (String language : SurveyTexts.BUILT_IN_TEXTS.languages()) {
            for (String key : SurveyTexts.KEYS) {
                assertFalse(language + " " + key, SurveyTexts.BUILT_IN_TEXTS.text(language, key).isBlank());
            }
        }
        assertEquals("pt", SurveyTexts.BUILT_IN_TEXTS.language("pt_BR"));
        assertEquals("de", SurveyTexts.BUILT_IN_TEXTS.language(" DE-at "));
        assertEquals("en", SurveyTexts.BUILT_IN_TEXTS.language("sw"));
        assertEquals("en", SurveyTexts.BUILT_IN_TEXTS.language(null));
        assertEquals("en", SurveyTexts.BUILT_IN_TEXTS.language("\"><script>"));
        assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;", SurveyTexts.escaped("<b> & \"x\" '"));
    }
}

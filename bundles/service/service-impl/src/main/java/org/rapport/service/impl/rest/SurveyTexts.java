package org.rapport.service.impl.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The survey page's texts in the contact's language: their language tag ({@code pt-BR}), else its
 * primary language ({@code pt}), else English, as message templates fall back. Seven languages are
 * built in; an administrator adds others, or rewords a built-in one, with files
 * ({@link SurveyTextFiles}). Each language has every text; the page escapes them where it puts them.
 */
final class SurveyTexts {

    /** The texts of one language, by key: the page's title, the question, the comment's label, the button and the answers' pages. */
    static final List<String> KEYS = List.of("title", "question", "comment", "send", "thanks", "answered", "closed",
            "unknown");

    static final String DEFAULT = "en";

    private static final Map<String, List<String>> BUILT_IN = Map.of(
            "en", List.of("How did we do?", "How satisfied are you with our help, from 1 (not at all) to 5 (very)?",
                    "Anything to add?", "Send", "Thank you for your answer.", "This survey is answered already. Thank you.",
                    "This survey has closed.", "This link is not one of ours."),
            "de", List.of("Wie waren wir?", "Wie zufrieden sind Sie mit unserer Hilfe, von 1 (gar nicht) bis 5 (sehr)?",
                    "Möchten Sie noch etwas hinzufügen?", "Senden", "Vielen Dank für Ihre Antwort.",
                    "Diese Umfrage ist bereits beantwortet. Vielen Dank.", "Diese Umfrage ist beendet.",
                    "Dieser Link stammt nicht von uns."),
            "fr", List.of("Comment avons-nous fait ?", "Êtes-vous satisfait de notre aide, de 1 (pas du tout) à 5 (très) ?",
                    "Quelque chose à ajouter ?", "Envoyer", "Merci pour votre réponse.",
                    "Vous avez déjà répondu à cette enquête. Merci.", "Cette enquête est close.",
                    "Ce lien ne vient pas de nous."),
            "es", List.of("¿Qué tal lo hicimos?", "¿Cuál es su grado de satisfacción con nuestra ayuda, de 1 (nada) a 5 (mucho)?",
                    "¿Algo que añadir?", "Enviar", "Gracias por su respuesta.", "Esta encuesta ya está respondida. Gracias.",
                    "Esta encuesta está cerrada.", "Este enlace no es nuestro."),
            "it", List.of("Come siamo andati?", "Quanto è soddisfatto del nostro aiuto, da 1 (per niente) a 5 (molto)?",
                    "Qualcosa da aggiungere?", "Invia", "Grazie per la sua risposta.",
                    "Questo sondaggio ha già una risposta. Grazie.", "Questo sondaggio è chiuso.",
                    "Questo link non è nostro."),
            "nl", List.of("Hoe hebben we het gedaan?", "Hoe tevreden bent u over onze hulp, van 1 (helemaal niet) tot 5 (zeer)?",
                    "Wilt u nog iets toevoegen?", "Versturen", "Bedankt voor uw antwoord.",
                    "Deze enquête is al beantwoord. Bedankt.", "Deze enquête is gesloten.", "Deze link komt niet van ons."),
            "pt", List.of("Como nos saímos?", "Qual é a sua satisfação com a nossa ajuda, de 1 (nada) a 5 (muito)?",
                    "Algo a acrescentar?", "Enviar", "Obrigado pela sua resposta.", "Este inquérito já foi respondido. Obrigado.",
                    "Este inquérito está encerrado.", "Esta ligação não é nossa."));

    /** The built-in languages only. */
    static final SurveyTexts BUILT_IN_TEXTS = new SurveyTexts(Map.of());

    private final Map<String, List<String>> texts;

    /** The built-in languages and {@code added} ones, an added language replacing a built-in one of its tag. */
    SurveyTexts(Map<String, List<String>> added) {
        Map<String, List<String>> all = new HashMap<>(BUILT_IN);
        all.putAll(added);
        this.texts = Map.copyOf(all);
    }

    /** The languages there are texts in. */
    List<String> languages() {
        return texts.keySet().stream().sorted().toList();
    }

    /** The language the page is shown in for a contact of language {@code wanted} (null for none). */
    String language(String wanted) {
        String tag = wanted == null ? "" : wanted.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        if (texts.containsKey(tag)) {
            return tag;
        }
        int dash = tag.indexOf('-');
        String primary = dash < 0 ? tag : tag.substring(0, dash);
        return texts.containsKey(primary) ? primary : DEFAULT;
    }

    /** Text {@code key} in {@code language} (one of {@link #languages()}), escaped for HTML. */
    String text(String language, String key) {
        return escaped(texts.getOrDefault(language, texts.get(DEFAULT)).get(KEYS.indexOf(key)));
    }

    static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}

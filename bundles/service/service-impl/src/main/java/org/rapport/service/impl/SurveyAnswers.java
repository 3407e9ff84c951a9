package org.rapport.service.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;

/** The survey links' side of {@link Surveys}, for the public path {@code /api/v1/surveys/{token}}. */
@Component(service = SurveyAnswers.class)
public class SurveyAnswers {

    /** What became of an answer handed in, or why a link takes none. */
    public enum Answer {
        ANSWERED, ALREADY_ANSWERED, EXPIRED, UNKNOWN
    }

    private final CaseServiceImpl cases;
    private final ContactService contacts;

    @Activate
    public SurveyAnswers(@Reference CaseServiceImpl cases, @Reference ContactService contacts) {
        this.cases = cases;
        this.contacts = contacts;
    }

    /** The language of the contact a survey this server signed asks, or null (a token not ours, an erased survey). */
    public String language(String token) {
        return cases.surveys().contactOf(token).flatMap(contacts::find).map(Contact::language).orElse(null);
    }

    /** Why {@code token} takes no answer now, or null when it does; changes nothing. */
    public Answer check(String token) {
        return cases.surveys().check(token);
    }

    /** Records the answer, once, if the token is one this server signed for a survey still open. */
    public Answer answer(String token, int score, String comment) {
        return cases.surveys().answer(token, score, comment);
    }

    /** Counts a request from {@code address}; false once it made its share this minute. */
    public boolean allow(String address) {
        return cases.surveys().allow(address);
    }
}

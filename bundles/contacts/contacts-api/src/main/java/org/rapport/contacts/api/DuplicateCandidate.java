package org.rapport.contacts.api;

import java.util.List;

/**
 * Two contacts that are likely the same person, and why.
 *
 * @param score how sure the match is, 0 to 100: the strongest of its reasons' scores, plus 10 for
 *        each further reason, at most 100
 * @param reasons what the two share, strongest first ({@code same phone}, ...)
 */
public record DuplicateCandidate(Contact first, Contact second, int score, List<String> reasons) {

    public DuplicateCandidate {
        reasons = List.copyOf(reasons);
    }
}

package org.rapport.sales.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Leads and opportunities. Refusals are {@link SalesValidationException}s naming each field at
 * fault; a refused call stores nothing.
 */
@ProviderType
public interface SalesService {

    /**
     * Stores a lead, linked to the contact whose email address (or, without one, phone number)
     * it matches, and scores it with the {@code sales} rules in the same transaction (left unscored
     * when the package has no active release; a re-scoring job scores it later).
     *
     * @param form the web form that captured it, or null
     * @param actor who captured it, for the record
     */
    Lead capture(NewLead lead, String form, String actor);

    Optional<Lead> lead(long id);

    /** Leads, newest first; with {@code status} only those in it. */
    List<Lead> leads(LeadStatus status, int offset, int limit);

    long countLeads(LeadStatus status);

    /** Qualifies ({@code qualified} true) or disqualifies an open or qualified lead, with a reason. */
    Lead qualify(long leadId, boolean qualified, String reason, String actor);

    /**
     * Scores the lead again with the active {@code sales} rules, applying what changed and recording
     * the decisions; a converted or disqualified lead is refused.
     */
    Lead rescore(long leadId);

    /**
     * Converts an open or qualified lead: links its contact or creates one (and the account its
     * company names, when it has one), and opens an opportunity for it in the first stage.
     *
     * @param amount the opportunity's amount, zero when null
     * @param expectedClose its expected close date; in {@code defaultCloseDays} when null
     */
    Conversion convert(long leadId, BigDecimal amount, String currency, LocalDate expectedClose, String actor);

    /** The configured stages, in order. */
    List<Stage> stages();

    Opportunity open(NewOpportunity opportunity, String actor);

    Optional<Opportunity> opportunity(long id);

    /** Opportunities matching {@code query}, by expected close date then id. */
    List<Opportunity> opportunities(OpportunityQuery query);

    long countOpportunities(OpportunityQuery query);

    /**
     * Moves an open opportunity to {@code stage}, recording the move; a won or lost stage closes it
     * and needs a reason.
     */
    Opportunity moveStage(long opportunityId, String stage, String reason, String nextStep, String actor);

    /** The product lines of an opportunity, in their order. */
    List<OpportunityLine> lines(long opportunityId);

    /**
     * Replaces the product lines of an open opportunity (an empty list removes them); while it has
     * lines, its amount is their sum, in their currency, which must be the opportunity's. Bad lines
     * are refused naming each one's index and field ({@code lines[2].quantity}), storing nothing.
     * A change of lines is activity: the deal is not stalled any more.
     *
     * @return the opportunity with its new amount
     */
    Opportunity setLines(long opportunityId, List<OpportunityLine> lines, String actor);

    /** Every move of an opportunity, oldest first, from its opening. */
    List<StageChange> history(long opportunityId);

    /**
     * The open opportunities expected to close from {@code from} to {@code to} (inclusive), by
     * month, owner and currency, each amount weighted by its stage's probability.
     */
    List<ForecastLine> forecast(YearMonth from, YearMonth to, String owner);

    PipelineStatistics statistics();

    /**
     * The open opportunities the last check of stalled deals flagged, longest stalled first; a deal
     * moved, edited or with new activity on its contact's timeline is cleared by the next check
     * (a stage change clears it at once).
     *
     * @param owner only this user's, or every owner's when null
     */
    List<StalledDeal> stalledDeals(String owner, int offset, int limit);

    /** How many deals {@link #stalledDeals} has for {@code owner}. */
    long countStalledDeals(String owner);

    /**
     * Checks every open opportunity against the stalled-deal rules now (a scheduled check does it
     * too), flagging those they decide stalled and clearing the others.
     *
     * @return how many open opportunities are stalled after the check
     * @throws org.rapport.rules.api.RulesUnavailableException if the {@code sales} rules have no
     *         active release (nothing is changed)
     */
    long checkStalledDeals();
}

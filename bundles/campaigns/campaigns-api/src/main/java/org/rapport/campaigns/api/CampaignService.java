package org.rapport.campaigns.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Campaigns: defined, previewed, launched, paused, resumed and cancelled by marketers (analysts and
 * administrators), and measured. Refusals of bad input are
 * {@code org.rapport.contacts.api.ContactValidationException}s naming each field at fault
 * ({@code conflict()} for a name in use); nothing is stored then.
 */
@ProviderType
public interface CampaignService {

    /**
     * The highest send rate an administrator can allow, messages a minute. What campaigns may use is
     * the administrator's {@code maxRatePerMinute} in {@code etc/org.rapport.campaigns.cfg}, at most this.
     */
    int MAX_RATE = 600_000;

    /** The template variable that holds each recipient's unsubscribe link: {@code {{var.unsubscribeUrl}}}. */
    String UNSUBSCRIBE_VARIABLE = "unsubscribeUrl";

    /** Why a recipient of a best-offer variant without a fallback is held back: the offers rules gave them none. */
    String NO_OFFER = "no-offer";

    /**
     * Defines a campaign, or changes a draft of the same name.
     *
     * @throws org.rapport.contacts.api.ContactValidationException naming each field at fault: an
     *         unknown segment, a condition that does not read, purpose, channel or template, a
     *         marketing template without {@code {{var.unsubscribeUrl}}}, a rate out of range, a
     *         start in the past; or a conflict with a campaign of that name that is no longer a draft
     */
    Campaign define(NewCampaign campaign, String actor);

    Optional<Campaign> find(long id);

    Optional<Campaign> find(String name);

    /** Every campaign, newest first. */
    List<Campaign> list();

    /**
     * A page of the campaigns, newest first.
     *
     * @throws IllegalArgumentException for a negative offset or a limit below 1
     */
    List<Campaign> list(int offset, int limit);

    /** How many campaigns there are. */
    long count();

    /**
     * Whom the campaign would reach now, by the consent gate's preview and the frequency caps of the
     * {@code campaigns} rules (held back by each rule's reason); sends and records nothing.
     */
    CampaignPreview preview(long id);

    /**
     * Freezes the segment's members (or the contacts its condition selects) into the recipients and
     * starts sending now, or at the start
     * time ({@link CampaignStatus#SCHEDULED}).
     *
     * @throws IllegalArgumentException if there is no such campaign
     * @throws IllegalStateException if it is not a draft
     */
    Campaign launch(long id, String actor);

    /** Stops a sending or scheduled campaign; the message being queued is the last. */
    Campaign pause(long id, String actor);

    /** Goes on with a paused campaign from the recipients not reached yet (scheduled again if its start is ahead). */
    Campaign resume(long id, String actor);

    /** Stops a campaign for good; recipients not reached yet get nothing. */
    Campaign cancel(long id, String actor);

    /** What became of the campaign's messages, in all and per variant. */
    CampaignFigures figures(long id);

    /**
     * Follows an unsubscribe link: records at once, through the consent service, a withdrawal of
     * the campaign's purpose on its channel for the recipient, with the link as its proof. A token
     * this server did not sign, or one followed before, records nothing.
     */
    UnsubscribeOutcome unsubscribe(String token);

    /**
     * Records that a recipient's tracking pixel was fetched: the first open of a recipient who
     * consents to tracking, once. Answers false for a token this server did not sign.
     */
    boolean open(String token);

    /**
     * Follows a tracked link: records the recipient's first click (and open) if they consent to
     * tracking, and answers where the link leads: the URL its token was signed for, while the
     * campaign's template holds it. Empty for any other token: there is no redirect anywhere else.
     */
    Optional<String> click(String token);

    /**
     * Follows the accept link of the offer a recipient's message showed ({@code {{offer.acceptUrl}}}):
     * the offers capability records the acceptance (on the customer's timeline, which converts the
     * campaign's message) and the recipient counts under the offers accepted. Following it again
     * answers the same and records nothing more.
     *
     * @return the code of the offer accepted; empty for a token this server did not sign
     * @throws IllegalStateException when the offer is no longer the customer's (expired, withdrawn,
     *         consent to profiling withdrawn), naming why
     */
    Optional<String> acceptOffer(String token);
}

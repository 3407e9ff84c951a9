/**
 * Campaigns as other bundles, the REST API and the shell see them. A {@link CampaignService}
 * campaign sends one message to each contact of a segment (frozen into its recipients at launch)
 * through a channel of the communication capability, one of its template variants per contact
 * (an A/B split by share, the same for a contact every time), for a purpose the consent gate asks
 * about as each message leaves. Every marketing message carries a signed unsubscribe link and the
 * one-click {@code List-Unsubscribe} header fields; following it withdraws consent for the purpose
 * and channel; frequency caps and quiet hours are the {@code campaigns} rules' (facts in
 * {@code org.rapport.campaigns.facts}). Opens and clicks are tracked only for contacts who consented to
 * tracking. {@link CampaignFigures} count per campaign and variant what became of the messages, and
 * the purchases that followed them. A best-offer {@link Variant} shows each recipient the offer the
 * {@code offers} rules rank first for them as the message leaves, with a signed accept link. A campaign
 * with a {@link Schedule} recurs daily or weekly, each occurrence to the segment as it is then. Instead of
 * a segment, a campaign may name a condition in the segments' language whose matches are frozen at launch.
 */
@Export
@Version("2.3.0")
package org.rapport.campaigns.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * What the {@code campaigns} rules see and decide: a {@link org.rapport.campaigns.facts.CandidateMessage}
 * (a campaign's message about to leave for a contact, with the contact's recent marketing messages,
 * complaints and local time), and the decisions of {@link org.rapport.campaigns.facts.CampaignDecisions}
 * (hold the message back, or defer it).
 */
@Export
@Version("1.0.0")
package org.rapport.campaigns.facts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The referral programme, an example Rapport plugin: {@link org.rapport.examples.referrals.ReferralProgramme}
 * (referrals on the timeline, purchases judged by the {@code referrals} rule pack in
 * {@code META-INF/rules/referrals}, awards credited through the loyalty API),
 * {@link org.rapport.examples.referrals.ReferralsFactModel} (its fact types),
 * {@link org.rapport.examples.referrals.ReferralsResource} ({@code /api/v1/referrals}) and the shell
 * command {@code referrals:refer}.
 */
package org.rapport.examples.referrals;

package org.rapport.itests;

import org.junit.runner.RunWith;
import org.junit.runners.Suite;
import org.junit.runners.Suite.SuiteClasses;

/**
 * The integration test classes run again with the distribution on PostgreSQL ({@code
 * -Drapport.itest.database=jdbc:postgresql:...}, profile {@code postgresql}), in one container as
 * {@link RapportSuiteIT} runs them all on Derby: those whose outcome goes through the database.
 * Left out, as {@link RapportSuiteIT} shows them on Derby: what is decided before any database is
 * involved, or by Karaf rather than by Rapport's tables (HTTP framing and limits, hostile input
 * refused at the edge, hostile rule files judged by the sandbox, SSH sign-in and sessions, the
 * shell's command permissions, feature and KAR installs, a hostile partner key's scope, settings
 * taken up live).
 */
@RunWith(Suite.class)
@SuiteClasses({WalkingSkeletonIT.class, RuleReleasesIT.class, PlatformRestIT.class, AccessRestIT.class,
    ContactsRestIT.class, SegmentsRestIT.class, LoyaltyRestIT.class, RulesRestIT.class, PrivacyRestIT.class,
    MessagesRestIT.class, RetentionIT.class, PluginIT.class, JobsRestIT.class, SalesRestIT.class, CampaignsIT.class,
    EventsIT.class, InboundIT.class, CasesIT.class, OffersIT.class, KafkaIT.class})
public class PostgresSuiteIT {
}

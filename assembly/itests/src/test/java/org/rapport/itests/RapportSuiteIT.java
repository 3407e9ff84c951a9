package org.rapport.itests;

import org.junit.runner.RunWith;
import org.junit.runners.Suite;
import org.junit.runners.Suite.SuiteClasses;

/**
 * Every integration test class, run in one Karaf container: Pax Exam's {@code PerSuite} strategy
 * shares the container across the classes of a JUnit suite. Add new test classes here.
 */
@RunWith(Suite.class)
@SuiteClasses({WalkingSkeletonIT.class, RuleReleasesIT.class, PlatformRestIT.class, AccessRestIT.class,
    ContactsRestIT.class, SegmentsRestIT.class, LoyaltyRestIT.class, RulesRestIT.class, PrivacyRestIT.class,
    MessagesRestIT.class, RetentionIT.class, PluginIT.class, PluginInstallIT.class, FeatureInstallIT.class, HostileRulesIT.class,
    SshAndLoginIT.class, HostileInputIT.class, CommandPermissionsIT.class, JobsRestIT.class, HostilePartnerIT.class,
    HttpFramingIT.class, SshSessionsIT.class, SalesRestIT.class, CampaignsIT.class,
    EventsIT.class, InboundIT.class, CasesIT.class, OffersIT.class, KafkaIT.class, LiveSettingsIT.class})
public class RapportSuiteIT {
}

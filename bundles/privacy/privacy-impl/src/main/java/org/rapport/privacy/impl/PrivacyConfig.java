package org.rapport.privacy.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Privacy settings, in {@code etc/org.rapport.privacy.cfg}. */
@ObjectClassDefinition(name = "Rapport privacy", description = "Consent purposes and their lawful basis, erasure participants' time budget")
public @interface PrivacyConfig {

    String PID = "org.rapport.privacy";

    @AttributeDefinition(description = "The purposes consent is recorded and checked for (lower case words, '-' allowed)")
    String[] purposes() default {"marketing", "profiling", "service", "analytics", "tracking"};

    @AttributeDefinition(description = "The lawful basis the consent gate applies to a purpose, as purpose:basis, "
            + "comma separated: consent (an action needs a grant in force) or legitimate-interests (it goes ahead "
            + "unless the person objected, a withdrawal recorded for the purpose); a purpose not named is on consent")
    String[] bases() default {"profiling:legitimate-interests"};

    @AttributeDefinition(description = "How long one erasure participant (a bundle's or a plugin's) may take with one "
            + "contact's erasure or export, in seconds; one that takes longer is interrupted and named in the report")
    int participantBudgetSeconds() default 30;
}

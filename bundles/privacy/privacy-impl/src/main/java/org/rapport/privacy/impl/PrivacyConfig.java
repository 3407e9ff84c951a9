package org.rapport.privacy.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Privacy settings, in {@code etc/org.rapport.privacy.cfg}. */
@ObjectClassDefinition(name = "Rapport privacy", description = "Consent purposes")
public @interface PrivacyConfig {

    String PID = "org.rapport.privacy";

    @AttributeDefinition(description = "The purposes consent is recorded and checked for (lower case words, '-' allowed)")
    String[] purposes() default {"marketing", "profiling", "service", "analytics"};
}

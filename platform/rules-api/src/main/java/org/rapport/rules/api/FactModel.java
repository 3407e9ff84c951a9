package org.rapport.rules.api;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle's contribution of fact types to rule packages, registered as a whiteboard service
 * with the service property {@value #RULE_PACKAGE} naming the package(s) it serves. The engine
 * compiles a package with the class loaders of its contributed types, so rules can import them
 * without any bundle importing rule code; a package is compiled only while at least one
 * contribution for it is registered, and recompiled when contributions come or go.
 */
@ConsumerType
public interface FactModel {

    /** Service property naming the rule package(s) this contribution serves. */
    String RULE_PACKAGE = "rapport.rules.package";

    /** The fact types (and helper types) that rules of the package may import. */
    Set<Class<?>> factTypes();
}

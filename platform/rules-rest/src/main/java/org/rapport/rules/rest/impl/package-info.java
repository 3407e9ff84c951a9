/**
 * The rules engine over HTTP, on Rapport's JAX-RS application: {@link RulesResource} for rule
 * packages and their releases, {@link DecisionsResource} for the decision ledger of a contact.
 * Nothing here is exported; the resources are found by the JAX-RS whiteboard.
 */
package org.rapport.rules.rest.impl;

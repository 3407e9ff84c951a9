/**
 * Stores consent records and blocked actions (persistence unit {@code rapport-privacy}) and
 * implements the consent gate ({@link org.rapport.privacy.impl.GateDecisions}), by the lawful basis set
 * for each purpose ({@link org.rapport.privacy.impl.PurposeBases}).
 */
package org.rapport.privacy.impl;

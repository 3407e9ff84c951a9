/**
 * Stores consent records and blocked actions (persistence unit {@code rapport-privacy}) and
 * implements the consent gate.
 */
package org.rapport.privacy.impl;

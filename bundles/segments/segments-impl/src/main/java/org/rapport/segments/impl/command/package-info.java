/**
 * Shell commands of the {@code segments} scope.
 */
package org.rapport.segments.impl.command;

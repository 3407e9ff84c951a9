/**
 * Shell commands of the {@code loyalty} scope.
 */
package org.rapport.loyalty.impl.command;

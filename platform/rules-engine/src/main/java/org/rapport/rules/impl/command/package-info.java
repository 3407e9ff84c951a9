/**
 * Shell commands of the {@code rules} scope.
 */
package org.rapport.rules.impl.command;

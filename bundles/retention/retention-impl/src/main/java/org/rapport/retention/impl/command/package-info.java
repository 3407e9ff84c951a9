/**
 * Shell commands of the {@code retention} scope.
 */
package org.rapport.retention.impl.command;

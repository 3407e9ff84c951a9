/**
 * Shell commands of the {@code privacy} scope.
 */
package org.rapport.privacy.impl.command;

/** The {@code campaigns:*} shell commands: define, preview, launch, pause, resume, cancel, list and show with figures. */
package org.rapport.campaigns.impl.command;

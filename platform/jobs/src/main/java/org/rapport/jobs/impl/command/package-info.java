/** The shell commands {@code jobs:list}, {@code jobs:show} and {@code jobs:cancel}. */
package org.rapport.jobs.impl.command;

package org.rapport.testing.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;

@Command(scope = "test", name = "uncompleted")
public class UncompletedCommand implements Action {

    @Argument(index = 0, name = "id", description = "The member's points")
    long id;

    @Option(name = "--owner", description = "The user responsible")
    String owner;

    @Option(name = "--rule-package")
    String rulePackage;

    @Option(name = "--text", description = "Words, such as preferredChannel or templates")
    String text;

    @Option(name = "--no-wait", description = "Start the job and return")
    boolean noWait;

    @Override
    public Object execute() {
        return null;
    }
}

package org.rapport.testing.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Command(scope = "test", name = "completed")
public class CompletedCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The contact")
    @Completion(StringsCompleter.class)
    long contactId;

    @Option(name = "--limit", description = "Contacts to show")
    int limit;

    @Option(name = "--subject", description = "Only entries about this, such as \"contact 17\"")
    String subject;

    @Override
    public Object execute() {
        return null;
    }
}

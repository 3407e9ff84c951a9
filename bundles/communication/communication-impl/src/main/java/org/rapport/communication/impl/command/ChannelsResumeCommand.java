package org.rapport.communication.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.shell.MessageChannelCompleter;
import org.rapport.rest.security.ShellUser;

/** {@code channels:resume <name>}: lets a channel suspended after faults deliver again. */
@Service
@Command(scope = "channels", name = "resume", description = "Lets a message channel suspended after faults deliver again")
public class ChannelsResumeCommand implements Action {

    @Reference
    MessageService messages;

    @Argument(index = 0, name = "name", description = "The channel's name, as channels:list shows it", required = true)
    @Completion(MessageChannelCompleter.class)
    String name;

    @Override
    public Object execute() {
        if (!messages.resumeChannel(name, ShellUser.name())) {
            throw new IllegalArgumentException("channel '" + name + "' is not suspended");
        }
        System.out.println("Channel '" + name + "' resumed; its waiting messages go out at the next pass");
        return null;
    }
}

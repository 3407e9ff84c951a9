package org.rapport.communication.api.shell;

import org.rapport.communication.api.MessageService;

/** Communication's completers on a given service, as Karaf's @Reference would set it, for tests in other packages. */
public final class CommunicationCompleters {

    private CommunicationCompleters() {
    }

    public static TemplateCodeCompleter templates(MessageService messages) {
        TemplateCodeCompleter completer = new TemplateCodeCompleter();
        completer.messages = messages;
        return completer;
    }

    public static MessageChannelCompleter channels(MessageService messages) {
        MessageChannelCompleter completer = new MessageChannelCompleter();
        completer.messages = messages;
        return completer;
    }
}

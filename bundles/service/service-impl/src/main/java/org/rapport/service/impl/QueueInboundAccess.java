package org.rapport.service.impl;

import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.communication.api.InboundAccess;
import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundReader;

/**
 * The service desk's word on communication's inbound log: a message on a case is filed under the
 * case's queue ({@link CaseFiling}), and a reader who may not see that queue ({@code queueAccess})
 * does not read it there either, nor the replies and surveys sent on its cases in the outbox's log,
 * nor either in the contact's export.
 */
@Component(property = InboundAccess.KEEPER + "=" + CaseFiling.KEEPER)
public class QueueInboundAccess implements InboundAccess {

    private final CaseServiceImpl cases;

    @Activate
    public QueueInboundAccess(@Reference CaseServiceImpl cases) {
        this.cases = cases;
    }

    @Override
    public Set<String> hidden(InboundReader reader) {
        return cases.access().hidden(new Viewer(reader.name(), reader.roles()));
    }

    /**
     * Whether the desk will put {@code message} on a case, and so file it ({@link CaseInbound}): a
     * customer's message answering a reply of one of their cases, or any other of theirs while
     * {@code openCasesFromInbound}; an automatic reply answering one of their cases. Asked before the
     * message is on the contact's timeline, so that its words are never there.
     */
    @Override
    public boolean keeps(InboundMessage message) {
        if (message.contactId() == null || message.unauthenticated() != null || message.kind() == InboundKind.BOUNCE) {
            return false;
        }
        boolean answersTheirCase = cases.replies().caseOfMessages(CaseInbound.answered(message)).flatMap(cases::find)
                .filter(c -> message.contactId().equals(c.contactId())).isPresent();
        return answersTheirCase || message.kind() == InboundKind.MESSAGE && cases.opensFromInbound();
    }
}

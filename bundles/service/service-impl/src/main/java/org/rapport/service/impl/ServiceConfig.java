package org.rapport.service.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of {@code etc/org.rapport.service.cfg}. */
@ObjectClassDefinition(name = "Rapport service desk", description = "Queues, business hours and the SLA check's warning")
public @interface ServiceConfig {

    String PID = "org.rapport.service";

    @AttributeDefinition(name = "Queues", description = "The queues cases may be in (lower-case letters, digits, '-'); "
            + "the first is where a case opened without one goes")
    String[] queues() default {"support", "billing", "technical"};

    @AttributeDefinition(name = "Queue access", description = "queue=who who ...: the users (by name) and roles "
            + "(role:agent) who alone may see and work the queue, besides administrators; a queue not named is "
            + "everyone's")
    String[] queueAccess() default {};

    @AttributeDefinition(name = "Business days", description = "The days business hours count: mon, tue, wed, thu, "
            + "fri, sat, sun")
    String[] weekdays() default {"mon", "tue", "wed", "thu", "fri"};

    @AttributeDefinition(name = "Opening time", description = "When business hours start on a business day, HH:mm")
    String opens() default "09:00";

    @AttributeDefinition(name = "Closing time", description = "When business hours end on a business day, HH:mm, "
            + "after the opening time")
    String closes() default "17:00";

    @AttributeDefinition(name = "Time zone", description = "The time zone of the business hours (IANA: Europe/Berlin)")
    String timeZone() default "UTC";

    @AttributeDefinition(name = "Holidays", description = "Days on which business hours do not count: dates "
            + "(yyyy-mm-dd) or days of every year (mm-dd), comma separated")
    String[] holidays() default {};

    @AttributeDefinition(name = "Warning fraction", description = "How much of the time to a target may pass before "
            + "the SLA check warns that it is near (0.8: at 80%); 1 warns only at the breach")
    double warningFraction() default 0.8;

    @AttributeDefinition(name = "Longest text", description = "The most characters a message, reply or note may hold")
    int maxTextLength() default 10000;

    @AttributeDefinition(name = "Cases from inbound messages", description = "Whether a message that comes in from "
            + "a known contact and answers no case opens a new case (false: it stays on communication's inbound log)")
    boolean openCasesFromInbound() default true;

    @AttributeDefinition(name = "Reply channels", description = "caseChannel=messageChannel: the message channel "
            + "a case's replies leave through, and the case channel of a message that comes in on that channel")
    String[] replyChannels() default {"email=email", "phone=sms", "chat=chat", "social=social"};

    @AttributeDefinition(name = "Purpose of replies", description = "The purpose the consent gate is asked about "
            + "for a reply")
    String replyPurpose() default "service";

    @AttributeDefinition(name = "Satisfaction surveys", description = "Whether closing a case sends its contact a "
            + "satisfaction survey (1 to 5) on the case's reply channel")
    boolean surveys() default false;

    @AttributeDefinition(name = "Purpose of surveys", description = "The purpose the consent gate is asked about for "
            + "a survey")
    String surveyPurpose() default "service";

    @AttributeDefinition(name = "Days to answer", description = "How long a survey takes an answer, 1 to 365 days")
    int surveyDays() default 14;

    @AttributeDefinition(name = "Public address", description = "The https address customers reach this server's "
            + "REST API at, which survey links start with; empty: surveys are answered by reply only")
    String publicUrl() default "";

    @AttributeDefinition(name = "Plain http to loopback", description = "Whether publicUrl may be plain http to "
            + "localhost (tests only)")
    boolean loopbackHttp() default false;

    @AttributeDefinition(name = "Survey requests per minute", description = "The most requests on survey links one "
            + "client address may make in a minute")
    int surveyRequestsPerMinute() default 30;

    @AttributeDefinition(name = "Attachment types", description = "The media types of inbound mail's attachments "
            + "that are kept (type/subtype, lower case); any other is refused, with a note in the thread")
    String[] attachmentTypes() default {"application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain",
        "text/csv"};

    @AttributeDefinition(name = "Largest attachment", description = "The most bytes one kept attachment may have "
            + "(at most 10485760)")
    int maxAttachmentBytes() default 5 << 20;

    @AttributeDefinition(name = "Attachments per message", description = "The most attachments kept of one message "
            + "(at most 20)")
    int maxAttachments() default 5;

    @AttributeDefinition(name = "Reply files folder", description = "The folder cases:reply --attach takes files from by "
            + "name (relative to it); empty for the attachments folder of the Karaf home. Only an administrator, who "
            + "edits this file, decides what is in it")
    String attachmentInbox() default "";
}

package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.testing.UsesDatabase;

/**
 * HTML bodies against Derby and a real SMTP server (GreenMail): a template with one arrives as
 * {@code multipart/alternative}, text first; a hostile contact's name and a sender's values are
 * escaped; the allow-list refuses scripts, event handlers, {@code javascript:} and plain-http
 * images when the template is saved, naming the template and the line, and stores nothing; a
 * webhook gets the rendered HTML as a field beside the text.
 */
@Category(UsesDatabase.class)
public class HtmlBodyTest extends MessageFixture {

    private static final String HTML = """
            <div style="font-family: Georgia, serif; color: #333">
              <p>Hello {{firstName|friend}},</p>
              <p><a href="{{var.link|https://shop.example/offer?a=1&b=2}}" target="_blank">{{var.offer}}</a></p>
              <img src="https://shop.example/logo.png" alt="{{lastName}}" width="120">
            </div>""";

    @Test
    public void anHtmlTemplateArrivesAsMultipartAlternativeWithEveryValueEscaped() throws Exception {
        smtpOn(Configs.freePort());
        addEmailChannel(smtp.getSmtp().getPort());
        long mallory = contacts.create(new NewContact("mallory@example.com", "<script>alert(1)</script>",
                "\"O'Hare\" & <b>Sons</b>")).id();
        grant(mallory, "marketing", Channel.EMAIL);
        Template saved = messages.saveTemplate(new Template("offer", "en", "For you, {{firstName|friend}}",
                "Hello {{firstName|friend}},\n{{var.offer}}: {{var.link|https://shop.example/offer?a=1&b=2}}\n", null, HTML));
        assertTrue(saved.html(), saved.html().contains("href=\"{{var.link|https://shop.example/offer?a=1&amp;b=2}}\""));

        Message m = messages.send(new SendRequest(mallory, "email", "offer", "marketing", Map.of("offer",
                "<i>20%</i> off", "link", "https://crm.example/t/1?x=\"><script>"), null, null, null,
                "https://crm.example/api/v1/track/open/tok&en"), "campaign");
        assertEquals(1, messages.dispatcher().runOnce());

        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(1, received.length);
        assertTrue(received[0].getContentType(), received[0].getContentType().startsWith("multipart/alternative"));
        MimeMultipart parts = (MimeMultipart) received[0].getContent();
        assertEquals(2, parts.getCount());
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertTrue(text.getContentType(), text.isMimeType("text/plain") && text.getContentType().contains("UTF-8"));
        assertTrue(html.getContentType(), html.isMimeType("text/html") && html.getContentType().contains("UTF-8"));
        String plain = ((String) text.getContent()).replace("\r\n", "\n");
        assertTrue(plain, plain.startsWith("Hello <script>alert(1)</script>,\n<i>20%</i> off: https://crm.example/t/1"));
        String markup = ((String) html.getContent()).replace("\r\n", "\n");
        assertEquals(m.id(), Long.parseLong(received[0].getHeader(EmailChannel.MESSAGE_HEADER)[0]));
        assertTrue(markup, markup.contains("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;,</p>"));
        assertTrue(markup, markup.contains("href=\"https://crm.example/t/1?x=&quot;&gt;&lt;script&gt;\""));
        assertTrue(markup, markup.contains(">&lt;i&gt;20%&lt;/i&gt; off</a>"));
        assertTrue(markup, markup.contains("alt=\"&quot;O&#39;Hare&quot; &amp; &lt;b&gt;Sons&lt;/b&gt;\""));
        assertFalse(markup, markup.contains("<script") || markup.contains("<b>") || markup.contains("<i>"));
        assertEquals("the log keeps what was sent", m.html().replace("\r\n", "\n").strip(), markup.strip());
        assertTrue(markup, markup.strip().endsWith("<img src=\"https://crm.example/api/v1/track/open/tok&amp;en\" "
                + "width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\">"));

        // A value that would make a link run a script is refused when the message is sent; nothing is queued.
        long before = messages.count(null, null);
        for (String link : new String[] {"javascript:alert(1)", " JaVa\tScript:alert(1)", "http://evil.example/"}) {
            try {
                messages.send(new SendRequest(mallory, "email", "offer", "marketing", Map.of("offer", "x", "link", link),
                        null), "campaign");
                fail("a link to " + link + " was taken");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("variables: in the html body, a href '"));
            }
        }
        try {
            messages.send(new SendRequest(mallory, "email", "offer", "marketing", Map.of("offer", "x"), null, null, null,
                    "javascript:alert(1)"), "campaign");
            fail("a javascript: pixel was taken");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("openPixel: img src 'javascript:alert(1)' is a javascript: URL"));
        }
        assertEquals(before, messages.count(null, null));

        // A template without HTML still sends text/plain alone, and an open pixel goes nowhere.
        Message plainOnly = messages.send(new SendRequest(bob, "email", "win-back", "marketing", Map.of("offer", "x"),
                null, null, null, "https://crm.example/api/v1/track/open/2"), "campaign");
        grant(bob, "marketing", Channel.EMAIL);
        messages.dispatcher().runOnce();
        assertTrue(smtp.getReceivedMessages()[1].isMimeType("text/plain"));
        assertFalse(((String) smtp.getReceivedMessages()[1].getContent()).contains("track/open"));
        assertEquals(plainOnly.id(), Long.parseLong(smtp.getReceivedMessages()[1].getHeader(EmailChannel.MESSAGE_HEADER)[0]));
    }

    @Test
    public void aWebhookCarriesTheRenderedHtmlBesideTheText() throws Exception {
        List<String> posted = new CopyOnWriteArrayList<>();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/sms", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                posted.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        http.start();
        channels.add(new WebhookChannel(Configs.webhook("sms", "http://127.0.0.1:" + http.getAddress().getPort() + "/sms",
                "s3cret")), Map.of(MessageChannel.NAME, "sms"));
        grant(ada, "marketing", Channel.PHONE);
        messages.saveTemplate(new Template("win-back", "fr", "Bonjour", "Bonjour {{firstName}}", null,
                "<p>Bonjour <b>{{firstName}}</b> &amp; {{var.offer}}</p>"));

        messages.send(new SendRequest(ada, "sms", "win-back", "marketing", Map.of("offer", "<20%>"), null), "retention");
        messages.dispatcher().runOnce();

        assertEquals(1, posted.size());
        JsonNode json = new ObjectMapper().readTree(posted.get(0));
        assertEquals("Bonjour Ada", json.get("body").asText());
        assertEquals("<p>Bonjour <b>Ada</b> &amp; &lt;20%&gt;</p>", json.get("html").asText());
    }

    @Test
    public void theAllowListRefusesScriptsHandlersJavascriptAndPlainHttpNamingTemplateAndLine() {
        Template good = messages.saveTemplate(new Template("promo", "en", "Hi", "Hi {{firstName|there}}", null,
                "<p>Hi <b>{{firstName|there}}</b></p>"));
        String[][] refused = {
            {"<p>Hi</p>\n<p>there</p>\n<script>alert(1)</script>", "line 3: <script> is not allowed"},
            {"<p>Hi</p>\n\n<img src=\"https://x.example/a.png\" onerror=\"alert(1)\">", "line 3: event-handler attribute onerror on <img>"},
            {"<p>Hi</p>\n<p>\n<a href=\"javascript:alert(1)\">x</a></p>", "line 3: a href 'javascript:alert(1)' is a javascript: URL"},
            {"<p>Hi</p>\n<p>\n<a href=\"{{var.x|jav&#x61;script:alert(1)}}\">x</a></p>", "line 3: a href 'javascript:alert(1)' is a javascript: URL"},
            {"<p>Hi</p>\n\n<img src=\"http://tracker.example/p.gif\">", "line 3: img src 'http://tracker.example/p.gif' must be an https address"},
            // An image addressed per contact is an open beacon, and hands the contact's address to that host.
            {"<p>Hi</p>\n\n<img src=\"https://tracker.example/p.gif?u={{email}}\">", "line 3: img src 'https://tracker.example/p.gif?u={{email}}' holds a placeholder past its start"},
            {"<img src=\"{{var.image|https://shop.example/}}{{contactId}}.gif\">", "line 1: img src"},
            {"<p>Hi</p>\n\n<iframe src=\"https://x.example\"></iframe>", "line 3: <iframe> is not allowed"},
            {"<p>Hi</p>\n\n<div style=\"background: url(https://x.example/a.png)\">x</div>", "line 3: style on <div> uses url()"},
            // A bare string in image-set() is an address a reader fetches as surely as url(): an open beacon without consent.
            {"<p>Hi</p>\n\n<div style=\"background-image: image-set('http://x.example/a.png' 1x)\">x</div>", "line 3: style on <div> uses url(), image-set()"},
            {"<style>\np { background: -webkit-image-set(\"https://x.example/a.png\" 1x) }\n</style>", "line 1: <style> uses url(), image-set()"},
            {"<p>Hi</p>\n\n<form action=\"https://x.example\"><input name=\"password\"></form>", "line 3: <form> is not allowed"},
            {"<p>Hi</p>\n\n<!--[if mso]><v:fill src=\"http://x.example/p.gif\"/><![endif]-->", "line 3: a comment holding markup"},
        };
        for (String[] r : refused) {
            try {
                messages.saveTemplate(new Template("promo", "en", "Hi", "Hi", null, r[0]));
                fail("taken: " + r[0]);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("template 'promo' (en) html: "));
                assertTrue(e.getMessage(), e.getMessage().contains(r[1]));
            }
            try {
                messages.saveTemplate(new Template("hostile", "en", "Hi", "Hi", null, r[0]));
                fail("taken: " + r[0]);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("template 'hostile' (en) html: "));
            }
        }
        assertEquals(good, messages.template("promo", "en").orElseThrow());
        assertTrue(messages.template("hostile", "en").isEmpty());
        try {
            messages.saveTemplate(new Template("html-only", "en", "Hi", null, null, "<p>Hi</p>"));
            fail("an HTML body without text was taken");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("body"));
        }
        try {
            messages.saveTemplate(new Template("promo", "en", "Hi", "Hi", null, "<p>\n{{nickname}}</p>"));
            fail("an unknown placeholder was taken");
        } catch (IllegalArgumentException e) {
            assertEquals("html line 2: unknown placeholder {{nickname}}; use one of contactId, displayName, email, "
                    + "firstName, lastName or var.<name> for a value the sender passes (offer.<acceptUrl|code|description|kind|name>: "
                    + "a campaign's best offer)", e.getMessage());
        }
        assertNull(messages.saveTemplate(new Template("promo", "en", "Hi", "Hi", null, " ")).html());
    }
}

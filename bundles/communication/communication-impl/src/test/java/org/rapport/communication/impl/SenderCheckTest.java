package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.Test;

/**
 * Sender authentication by the receiving server's {@code Authentication-Results} (RFC 8601), read
 * from whole mails: only the topmost header of the configured authserv-id counts, DMARC decides
 * when it has a verdict, else a pass of SPF or DKIM vouches and a failure does not; a mail with
 * no verdict passes unless results are required.
 */
public class SenderCheckTest {

    private static final SenderCheck CHECK = new SenderCheck("MX.shop.example", false);
    private static final SenderCheck REQUIRED = new SenderCheck("mx.shop.example", true);

    private static String doubt(SenderCheck check, String... headers) throws Exception {
        StringBuilder raw = new StringBuilder();
        for (String h : headers) {
            raw.append("Authentication-Results: ").append(h).append("\r\n");
        }
        raw.append("From: ada@example.com\r\nSubject: Hi\r\nMessage-ID: <m@example.com>\r\n\r\nHello\r\n");
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.toString().getBytes(StandardCharsets.UTF_8)));
        return MailParser.parse(mail, check).unauthenticated();
    }

    @Test
    public void theReceivingServersResultsDecideAndNobodyElses() throws Exception {
        assertNull(doubt(CHECK, "mx.shop.example; spf=pass smtp.mailfrom=example.com; dkim=fail; dmarc=pass "
                + "header.from=example.com"));
        assertEquals("dmarc=fail", doubt(CHECK, "mx.shop.example;\r\n\tspf=pass (sender allowed) smtp.mailfrom=x.example;"
                + "\r\n\tdmarc=fail (p=reject) header.from=example.com"));
        assertEquals("spf=softfail, dkim=fail", doubt(CHECK, "mx.shop.example 1; spf=softfail; dkim=fail "
                + "header.d=example.com"));
        assertNull("a DKIM pass vouches without DMARC", doubt(CHECK, "mx.shop.example; spf=fail; dkim=pass"));
        assertEquals("the topmost of ours counts, not a look-alike below it", "dmarc=fail", doubt(CHECK,
                "mx.shop.example; dmarc=fail", "mx.shop.example; dmarc=pass"));
        assertEquals("another server's header is the sender's own words", "spf=fail", doubt(CHECK,
                "evil.example; dmarc=pass", "mx.shop.example; spf=fail"));
        assertNull("nothing known either way", doubt(CHECK, "mx.shop.example; none"));
        assertNull("no header at all", doubt(CHECK));
        assertNull("nothing is checked without an authserv-id", doubt(SenderCheck.NONE, "mx.shop.example; dmarc=fail"));

        assertEquals("no Authentication-Results from mx.shop.example", doubt(REQUIRED, "evil.example; dmarc=pass"));
        assertEquals("no spf, dkim or dmarc pass from mx.shop.example", doubt(REQUIRED,
                "mx.shop.example; spf=neutral; dmarc=none"));
        assertNull(doubt(REQUIRED, "mx.shop.example; spf=pass"));
        assertEquals("requireAuthentication in org.rapport.inbound.email needs authservId: the authserv-id of the "
                + "receiving mail server's Authentication-Results header", assertThrows(IllegalArgumentException.class,
                        () -> new SenderCheck(" ", true)).getMessage());
    }
}

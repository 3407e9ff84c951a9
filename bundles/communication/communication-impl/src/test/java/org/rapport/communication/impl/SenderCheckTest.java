package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.Test;

/**
 * Sender authentication by the receiving server's {@code Authentication-Results} (RFC 8601), read
 * from whole mails: only the topmost header of the configured authserv-id counts, DMARC decides
 * when it has a verdict, else a pass of SPF or DKIM vouches only when aligned with the From domain
 * (relaxed: the same organisational domain) and a failure does not; a mail with no verdict passes
 * unless results are required, without being authenticated.
 */
public class SenderCheckTest {

    private static final SenderCheck CHECK = new SenderCheck("MX.shop.example", false);
    private static final SenderCheck REQUIRED = new SenderCheck("mx.shop.example", true);

    private static String doubt(SenderCheck check, String... headers) throws Exception {
        return arrival(check, "From: ada@example.com", headers).unauthenticated();
    }

    private static boolean authenticated(SenderCheck check, String from, String... headers) throws Exception {
        return arrival(check, from, headers).authenticated();
    }

    private static Arrival arrival(SenderCheck check, String from, String... headers) throws Exception {
        StringBuilder raw = new StringBuilder();
        for (String h : headers) {
            raw.append("Authentication-Results: ").append(h).append("\r\n");
        }
        raw.append(from).append("\r\nSubject: Hi\r\nMessage-ID: <m@example.com>\r\n\r\nHello\r\n");
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.toString().getBytes(StandardCharsets.UTF_8)));
        return MailParser.parse(mail, check);
    }

    @Test
    public void theReceivingServersResultsDecideAndNobodyElses() throws Exception {
        assertNull(doubt(CHECK, "mx.shop.example; spf=pass smtp.mailfrom=example.com; dkim=fail; dmarc=pass "
                + "header.from=example.com"));
        assertEquals("dmarc=fail", doubt(CHECK, "mx.shop.example;\r\n\tspf=pass (sender allowed) smtp.mailfrom=x.example;"
                + "\r\n\tdmarc=fail (p=reject) header.from=example.com"));
        assertEquals("spf=softfail, dkim=fail", doubt(CHECK, "mx.shop.example 1; spf=softfail; dkim=fail "
                + "header.d=example.com"));
        assertNull("a DKIM pass vouches without DMARC", doubt(CHECK, "mx.shop.example; spf=fail; dkim=pass "
                + "header.d=example.com"));
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
        assertNull(doubt(REQUIRED, "mx.shop.example; spf=pass smtp.mailfrom=bounces@example.com"));
        assertEquals("requireAuthentication in org.rapport.inbound.email needs authservId: the authserv-id of the "
                + "receiving mail server's Authentication-Results header", assertThrows(IllegalArgumentException.class,
                        () -> new SenderCheck(" ", true)).getMessage());
    }

    @Test
    public void withoutADmarcVerdictOnlyAPassAlignedWithTheFromDomainAuthenticates() throws Exception {
        String from = "From: Ada <ada@example.com>";
        // What Postfix with OpenDKIM/OpenDMARC or Gmail write: the identities each method checked.
        assertTrue("a DMARC pass for the From domain", authenticated(REQUIRED, from, "mx.shop.example; "
                + "dkim=pass header.d=example.com header.s=s1 header.b=abc; spf=pass (sender IP is 192.0.2.1) "
                + "smtp.mailfrom=example.com smtp.helo=mail.example.com; dmarc=pass (p=reject dis=none) "
                + "header.from=example.com"));
        assertTrue("SPF of a subdomain of the same organisational domain (relaxed)", authenticated(REQUIRED, from,
                "mx.shop.example; spf=pass smtp.mailfrom=bounce+123@mail.example.com"));
        assertTrue("DKIM of a subdomain", authenticated(REQUIRED, from, "mx.shop.example;\r\n\tdkim=pass "
                + "(2048-bit key; unprotected) header.d=news.Example.COM header.i=@news.example.com"));
        assertTrue("the second signature may be the aligned one", authenticated(REQUIRED, from, "mx.shop.example; "
                + "dkim=pass header.d=esp.example; dkim=pass header.d=example.com"));
        assertTrue(authenticated(REQUIRED, "From: tom@shop.example.co.uk", "mx.shop.example; "
                + "spf=pass smtp.mailfrom=mailer.shop.example.co.uk"));

        String spfElsewhere = "mx.shop.example; spf=pass (domain of evil.example designates 203.0.113.5 as permitted "
                + "sender) smtp.mailfrom=bounce@evil.example; dkim=none; dmarc=none";
        assertEquals("anyone passes SPF for a domain of their own: not aligned", "spf=pass for evil.example, not aligned "
                + "with From example.com", doubt(REQUIRED, spfElsewhere));
        assertFalse(authenticated(REQUIRED, from, spfElsewhere));
        assertNull("without requireAuthentication it is taken at its word", doubt(CHECK, spfElsewhere));
        assertFalse("but not authenticated", authenticated(CHECK, from, spfElsewhere));
        assertEquals("dkim=pass for evil.example, not aligned with From example.com", doubt(REQUIRED,
                "mx.shop.example; dkim=pass header.d=evil.example header.s=x; dmarc=none header.from=example.com"));
        assertEquals("a look-alike registrable name is another organisation", "spf=pass for example.com.evil.example, "
                + "not aligned with From example.com", doubt(REQUIRED, "mx.shop.example; spf=pass "
                + "smtp.mailfrom=x@example.com.evil.example"));
        assertEquals("another customer of the same country's registry", "spf=pass for other.co.uk, not aligned with "
                + "From shop.co.uk", arrival(REQUIRED, "From: tom@shop.co.uk", "mx.shop.example; spf=pass "
                + "smtp.mailfrom=other.co.uk").unauthenticated());
        assertEquals("spf=pass for no domain, not aligned with From example.com", doubt(REQUIRED,
                "mx.shop.example; spf=pass"));
        assertFalse("a DMARC pass for another From domain", authenticated(REQUIRED, from,
                "mx.shop.example; dmarc=pass header.from=evil.example"));
        assertFalse("two From addresses align with nothing", authenticated(REQUIRED, "From: ada@example.com, "
                + "eve@evil.example", "mx.shop.example; spf=pass smtp.mailfrom=example.com"));
        assertFalse("a Sender is not the From", authenticated(REQUIRED, "Sender: ada@example.com",
                "mx.shop.example; spf=pass smtp.mailfrom=example.com"));
        assertFalse("nothing is authenticated without an authserv-id", authenticated(SenderCheck.NONE, from,
                "mx.shop.example; dmarc=pass header.from=example.com"));
        assertEquals("example.co.uk", SenderCheck.organisational("a.b.example.co.uk"));
        assertEquals("example.com", SenderCheck.organisational("example.com"));
    }
}

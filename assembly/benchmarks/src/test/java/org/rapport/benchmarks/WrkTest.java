package org.rapport.benchmarks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class WrkTest {

    private static final String REPORT = String.join("\n",
            "Running 1s test @ http://127.0.0.1:18999/",
            "  2 threads and 4 connections",
            "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
            "    Latency     6.12ms    7.26ms  43.93ms   86.33%",
            "    Req/Sec   476.48    242.11     1.12k    76.19%",
            "  Latency Distribution",
            "     50%  834.00us",
            "     75%    8.51ms",
            "     90%   16.45ms",
            "     99%    1.02s",
            "  1012 requests in 1.11s, 1.37MB read",
            "Requests/sec:    913.32",
            "Transfer/sec:      1.24MB", "");

    @Test
    public void readsRateCountAndPercentilesInMilliseconds() {
        Wrk.Result result = Wrk.parse(REPORT);
        assertEquals(913.32, result.perSecond(), 1e-9);
        assertEquals(1012, result.requests());
        assertEquals(0.834, result.p50(), 1e-9);
        assertEquals(1020, result.p99(), 1e-9);
        assertEquals(43.93, result.max(), 1e-9);
    }

    @Test
    public void refusesAReportWithErrorAnswers() {
        String report = REPORT.replace("Requests/sec:", "  Non-2xx or 3xx responses: 12\nRequests/sec:");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Wrk.parse(report));
        assertTrue(refused.getMessage(), refused.getMessage().contains("Non-2xx or 3xx responses: 12"));
    }

    @Test
    public void refusesAReportWithSocketErrorsButNotOneWithout() {
        String failed = REPORT.replace("Requests/sec:", "  Socket errors: connect 0, read 3, write 0, timeout 0\nRequests/sec:");
        assertThrows(IllegalStateException.class, () -> Wrk.parse(failed));
        String clean = REPORT.replace("Requests/sec:", "  Socket errors: connect 0, read 0, write 0, timeout 0\nRequests/sec:");
        assertEquals(1012, Wrk.parse(clean).requests());
    }

    @Test
    public void refusesWhatIsNotAReport() {
        assertThrows(IllegalStateException.class, () -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"));
    }

    @Test
    public void contactSearchesQueryTheContactsWithTheKeyAndRefuseAnUnknownKind() {
        String rare = WrkScripts.contactSearches("k3y", "rare", 20_000);
        assertTrue(rare, rare.contains("wrk.headers[\"X-API-Key\"] = \"k3y\""));
        assertTrue(rare, rare.contains("\"/api/v1/contacts?limit=20&q=\" .. \"Zed\" .. 1000 * math.random(0, 19)"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> WrkScripts.contactSearches("k3y", "phone", 20_000));
        assertEquals("no such search: phone", refused.getMessage());
    }

    @Test
    public void randomContactsAskForContactsOfTheRangeWithTheKey() {
        String script = WrkScripts.randomContacts("k3y", "/api/v1/contacts/%d/offers", 10_000_000L, 1_000, 3);
        assertTrue(script, script.contains("wrk.headers[\"X-API-Key\"] = \"k3y\""));
        assertTrue(script, script.contains("string.format(\"/api/v1/contacts/%d/offers\", math.random(10000000, 10000999))"));
        assertTrue(script, script.contains("math.randomseed(3 * 100 + tid)"));
    }
}

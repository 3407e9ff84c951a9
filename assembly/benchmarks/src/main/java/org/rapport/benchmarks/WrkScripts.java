package org.rapport.benchmarks;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The Lua scripts that tell {@link Wrk} which requests to send. */
final class WrkScripts {

    private WrkScripts() {
    }

    /** {@code GET path} with the API key, the same request every time. */
    static String get(String path, String apiKey) {
        return "wrk.method = \"GET\"\n"
                + "wrk.path = \"" + path + "\"\n"
                + "wrk.headers[\"X-API-Key\"] = \"" + apiKey + "\"\n";
    }

    /**
     * {@code POST /api/v1/loyalty/purchases}: each request a new purchase (its event id unique to
     * the run, the wrk thread and the request) by one of {@code buyers} in turn, amounts and
     * channels varying as in a shop's day.
     */
    static String purchases(String apiKey, long[] buyers, String run) {
        String ids = Arrays.stream(buyers).mapToObj(Long::toString).collect(Collectors.joining(","));
        return "local buyers = {" + ids + "}\n"
                + "local threads = 0\n"
                + "function setup(thread)\n"
                + "  threads = threads + 1\n"
                + "  thread:set(\"tid\", threads)\n"
                + "end\n"
                + "local sent = 0\n"
                + "wrk.method = \"POST\"\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.headers[\"X-API-Key\"] = \"" + apiKey + "\"\n"
                + "request = function()\n"
                + "  sent = sent + 1\n"
                + "  local channel = \"store\"\n"
                + "  if sent % 3 == 0 then channel = \"web\" end\n"
                + "  local body = string.format('{\"contactId\":%d,\"eventId\":\"" + run + "-%d-%d\",\"amount\":%d.50,"
                + "\"currency\":\"EUR\",\"channel\":\"%s\"}', buyers[(sent + tid) % #buyers + 1], tid, sent, "
                + "20 + sent % 300, channel)\n"
                + "  return wrk.format(nil, \"/api/v1/loyalty/purchases\", nil, body)\n"
                + "end\n";
    }

    /**
     * {@code GET /api/v1/contacts?q=} with the API key, each request a query chosen at random among
     * {@link ContactsByHand}'s contacts: {@code email} an address's start ({@code person4711@}),
     * {@code two} two common name words ({@code Lov Ada}), {@code one} one ({@code Hop}), {@code rare}
     * a rare last name ({@code Zed4711}).
     */
    static String contactSearches(String apiKey, String kind, int rows) {
        String query = switch (kind) {
            case "email" -> "\"person\" .. math.random(0, " + (rows - 1) + ") .. \"%40\"";
            case "two" -> "string.sub(last[math.random(#last)], 1, 3) .. \"%20\" .. first[math.random(#first)]";
            case "one" -> "string.sub(last[math.random(#last)], 1, 3)";
            case "rare" -> "\"Zed\" .. " + ContactsByHand.RARE + " * math.random(0, "
                    + (rows / ContactsByHand.RARE - 1) + ")";
            default -> throw new IllegalArgumentException("no such search: " + kind);
        };
        return "local first = {" + lua(ContactsByHand.FIRST) + "}\n"
                + "local last = {" + lua(ContactsByHand.LAST) + "}\n"
                + "math.randomseed(11)\n"
                + "wrk.method = \"GET\"\n"
                + "wrk.headers[\"X-API-Key\"] = \"" + apiKey + "\"\n"
                + "request = function()\n"
                + "  return wrk.format(nil, \"/api/v1/contacts?limit=20&q=\" .. " + query + ")\n"
                + "end\n";
    }

    private static String lua(String[] words) {
        return Arrays.stream(words).map(w -> "\"" + w + "\"").collect(Collectors.joining(", "));
    }

    /**
     * {@code GET} of {@code pathFormat} (a path with {@code %d} for a contact's id) with the API key,
     * each request a contact chosen at random among {@code count} from {@code first}; each wrk thread
     * draws its own sequence from {@code seed}, so two runs with the same seed ask for the same contacts.
     */
    static String randomContacts(String apiKey, String pathFormat, long first, int count, int seed) {
        return "local threads = 0\n"
                + "function setup(thread)\n"
                + "  threads = threads + 1\n"
                + "  thread:set(\"tid\", threads)\n"
                + "end\n"
                + "function init(args)\n"
                + "  math.randomseed(" + seed + " * 100 + tid)\n"
                + "end\n"
                + "wrk.method = \"GET\"\n"
                + "wrk.headers[\"X-API-Key\"] = \"" + apiKey + "\"\n"
                + "request = function()\n"
                + "  return wrk.format(nil, string.format(\"" + pathFormat + "\", math.random(" + first + ", "
                + (first + count - 1) + ")))\n"
                + "end\n";
    }
}

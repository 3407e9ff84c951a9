package org.rapport.rest.impl;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/**
 * A request that came through a trusted reverse proxy, as the API's resources and filters see it:
 * {@link #getRemoteAddr()} (and {@link #getRemoteHost()}, which names no host either) is the client
 * the proxy names, worked out by {@code HttpGuard}, rather than the proxy, whose address every
 * client behind it shares.
 */
final class ClientAddressRequest extends HttpServletRequestWrapper {

    private final String client;

    ClientAddressRequest(HttpServletRequest request, String client) {
        super(request);
        this.client = client;
    }

    @Override
    public String getRemoteAddr() {
        return client;
    }

    @Override
    public String getRemoteHost() {
        return client;
    }
}

package org.rapport.rest.impl;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.rapport.rest.RapportApi;
import org.rapport.rest.impl.security.SecurityFilter;

/**
 * The Rapport application at {@value RapportApi#BASE_PATH}. Resources of every bundle join it by
 * selecting it. It requires the JSON provider, the error mapper, the request guard, its limits
 * per route and the security filter: the whiteboard serves it only while all five are present, so
 * no resource is ever reachable unauthenticated or with another body limit than its own.
 */
@Component(service = Application.class)
@JaxrsName(RapportApi.APPLICATION_NAME)
@JaxrsApplicationBase(RapportApi.BASE_PATH)
@JaxrsExtensionSelect({
    "(osgi.jaxrs.name=" + JsonProvider.NAME + ")",
    "(osgi.jaxrs.name=" + ErrorMapper.NAME + ")",
    "(osgi.jaxrs.name=" + HttpGuard.NAME + ")",
    "(osgi.jaxrs.name=" + RouteLimits.NAME + ")",
    "(osgi.jaxrs.name=" + SecurityFilter.NAME + ")"})
public class RapportApplication extends Application {
}

package org.rapport.communication.impl.rest;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.communication.api.ChannelInfo;
import org.rapport.communication.api.MessageService;
import org.rapport.rest.Access;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/channels}: the message channels, registered or awaited, with their counts and
 * faults. A suspended one is resumed where every guarded plugin is ({@code POST
 * /api/v1/plugins/guarded/channel/{name}/resume}, {@code plugins:resume channel <name>}).
 */
@Component(service = ChannelsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelsResource {

    private final MessageService messages;

    @Activate
    public ChannelsResource(@Reference MessageService messages) {
        this.messages = messages;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "messages:read")
    public Page<ChannelInfo> channels() {
        return Page.all(messages.channels());
    }
}

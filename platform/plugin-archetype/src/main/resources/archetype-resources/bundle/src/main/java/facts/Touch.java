package ${package}.facts;

/**
 * An interaction recorded on a customer's timeline, as the ${pluginName} rules see it.
 *
 * @param contactId the customer
 * @param type what it was: {@code visit}, {@code call}, {@code purchase}, ...
 * @param channel where it happened: {@code in-person}, {@code phone}, {@code web}, ...
 */
public record Touch(long contactId, String type, String channel) {

    public long getContactId() {
        return contactId;
    }

    public String getType() {
        return type;
    }

    public String getChannel() {
        return channel;
    }
}

package org.rapport.guard;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * What a plugin declares it needs: the capability {@value #NAMESPACE} of its manifest, which the
 * framework parses. A bundle without it is not a plugin.
 *
 * <pre>
 * Provide-Capability: org.rapport.plugin; org.rapport.plugin="referrals"; version:Version="1.0";
 *   description="Referral programme"; personal-data="referral notes";
 *   channels:List&lt;String&gt;="sms"; rule-packages:List&lt;String&gt;="referrals";
 *   rest-paths:List&lt;String&gt;="/api/v1/referrals"; offer-sources:List&lt;String&gt;="referral-offers"
 * </pre>
 *
 * @param personalData the personal data the plugin keeps of its own (and erases through its erasure
 *                     participant), described; null when it keeps none
 * @param channels     the message channels it registers
 * @param rulePackages the rule packages it carries or contributes fact types to
 * @param restPaths    the REST paths it serves, each {@code /api/v1/<segment>[/…]}, with what lies below
 * @param offerSources the offer sources it registers (the offers capability's {@code OfferSource}s), by name
 */
public record PluginManifest(String name, String version, String description, String personalData,
        List<String> channels, List<String> rulePackages, List<String> restPaths, List<String> offerSources) {

    /** A plugin that registers no offer source. */
    public PluginManifest(String name, String version, String description, String personalData,
            List<String> channels, List<String> rulePackages, List<String> restPaths) {
        this(name, version, description, personalData, channels, rulePackages, restPaths, List.of());
    }

    /** The capability namespace a plugin provides. */
    public static final String NAMESPACE = "org.rapport.plugin";
    /** The attribute declaring the personal data a plugin keeps: erasure names a plugin declaring it without a participant. */
    public static final String PERSONAL_DATA = "personal-data";

    /** What a declared REST path must look like: below the API's base; no segment starts with a dot. */
    private static final Pattern REST_PATH = Pattern.compile("/api/v1(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+");

    /** The plugin a bundle's manifest declares, if it declares one. */
    public static Optional<PluginManifest> of(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return Optional.empty();
        }
        for (BundleCapability capability : revision.getDeclaredCapabilities(NAMESPACE)) {
            return Optional.of(of(capability.getAttributes()));
        }
        return Optional.empty();
    }

    /** The plugin the attributes of its capability declare. */
    public static PluginManifest of(Map<String, Object> a) {
        String personalData = text(a.get(PERSONAL_DATA));
        return new PluginManifest(text(a.get(NAMESPACE)), text(a.get("version")), text(a.get("description")),
                personalData == null || personalData.isBlank() ? null : personalData, list(a.get("channels")),
                list(a.get("rule-packages")), list(a.get("rest-paths")), list(a.get("offer-sources")));
    }

    /** Why this plugin may not register that, or empty if its manifest declares it. */
    public Optional<String> refusal(Registration kind, String what) {
        boolean declared = switch (kind) {
            case REST_PATH -> restPaths.stream().filter(PluginManifest::validRestPath).anyMatch(p -> covers(p, what));
            case CHANNEL -> channels.contains(what);
            case RULE_PACKAGE, FACT_MODEL -> rulePackages.contains(what);
            case ERASURE_PARTICIPANT -> personalData != null;
            case OFFER_SOURCE -> offerSources.contains(what);
        };
        if (declared) {
            return Optional.empty();
        }
        return Optional.of(switch (kind) {
            case REST_PATH -> "the plugin's rest-paths " + restPaths + " do not cover it"
                    + (restPaths.stream().allMatch(PluginManifest::validRestPath) ? ""
                            : " (a declared path is /api/v1/<segment>[/...])");
            case CHANNEL -> "the plugin's channels " + channels + " do not name it";
            case RULE_PACKAGE, FACT_MODEL -> "the plugin's rule-packages " + rulePackages + " do not name it";
            case ERASURE_PARTICIPANT -> "the plugin declares no personal-data";
            case OFFER_SOURCE -> "the plugin's offer-sources " + offerSources + " do not name it";
        });
    }

    /** Whether a declared REST path is one a plugin may declare: a path of its own below {@code /api/v1}. */
    public static boolean validRestPath(String declared) {
        return REST_PATH.matcher(declared).matches();
    }

    /** Whether the declared path is the path or lies above it. */
    static boolean covers(String declared, String path) {
        return path.equals(declared) || path.startsWith(declared + "/");
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(Object::toString).toList();
        }
        return List.of(value.toString());
    }
}

package ${package};

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.rules.api.FactModel;

import ${package}.facts.PluginDecisions;
import ${package}.facts.Touch;

/** Gives the plugin's fact types to its rule package. */
@Component(property = FactModel.RULE_PACKAGE + "=" + PluginDecisions.RULE_PACKAGE)
public class PluginFactModel implements FactModel {

    @Override
    public Set<Class<?>> factTypes() {
        return Set.of(Touch.class, PluginDecisions.class);
    }
}

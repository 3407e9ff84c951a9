package org.rapport.rest.impl.security;

import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Rapport's JAAS realm {@value RealmLogin#REALM}, ranked above Karaf's own (which reads
 * {@code etc/users.properties}), so that the shell, SSH and HTTP Basic all log people in against
 * the database: one set of people for every node sharing it. Registered once the people can be
 * reached.
 */
@Component(service = JaasRealm.class, immediate = true)
public class DatabaseRealm implements JaasRealm {

    /** Above Karaf's realm of the same name (rank 0). */
    static final int RANK = 10;

    private final AppConfigurationEntry[] entries;

    @Activate
    public DatabaseRealm(BundleContext context, @Reference DatabaseUserService users) {
        // Karaf's proxy loads the module from this bundle.
        entries = new AppConfigurationEntry[] {new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(
                        ProxyLoginModule.PROPERTY_MODULE, DatabaseLoginModule.class.getName(),
                        ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId())))};
    }

    @Override
    public String getName() {
        return RealmLogin.REALM;
    }

    @Override
    public int getRank() {
        return RANK;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries.clone();
    }
}

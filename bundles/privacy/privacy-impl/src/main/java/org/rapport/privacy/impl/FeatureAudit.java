package org.rapport.privacy.impl;

import org.apache.karaf.features.FeatureEvent;
import org.apache.karaf.features.FeaturesListener;
import org.apache.karaf.features.RepositoryEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.privacy.spi.AuditLog;
import org.rapport.rest.security.ShellUser;

/**
 * Audits the installs and removals of features and feature repositories (the administrators'
 * way of adding and removing capabilities and plugins). Replays of what was installed before
 * this listener started are not new actions and are not recorded.
 */
@Component
public class FeatureAudit implements FeaturesListener {

    private final AuditLog audit;

    @Activate
    public FeatureAudit(@Reference AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void featureEvent(FeatureEvent event) {
        if (event.isReplay()) {
            return;
        }
        boolean installed = event.getType() == FeatureEvent.EventType.FeatureInstalled;
        String feature = event.getFeature().getName() + "/" + event.getFeature().getVersion();
        audit.record(ShellUser.name(), installed ? "feature.install" : "feature.uninstall", "feature " + feature,
                installed ? null : "installed", installed ? "installed" : null, null);
    }

    @Override
    public void repositoryEvent(RepositoryEvent event) {
        if (event.isReplay()) {
            return;
        }
        boolean added = event.getType() == RepositoryEvent.EventType.RepositoryAdded;
        audit.record(ShellUser.name(), added ? "feature.repository.add" : "feature.repository.remove",
                "feature repository " + event.getRepository().getURI(), added ? null : "added", added ? "added" : null, null);
    }
}

package org.rapport.privacy.impl;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.privacy.spi.DataRetentionSource;

/**
 * The registered {@link DataRetentionSource}s, for the two kinds of data-retention job (runs and
 * previews): one dynamic reference, so a source that comes or goes never restarts a run.
 */
@Component(service = DataRetentionSources.class)
public class DataRetentionSources {

    private final List<DataRetentionSource> sources = new CopyOnWriteArrayList<>();

    /** Binds a source; public for the tests of the bundles that provide sources, outside a container. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSource(DataRetentionSource source) {
        sources.add(source);
    }

    public void removeSource(DataRetentionSource source) {
        sources.remove(source);
    }

    /** The sources in the order a run goes through them: by category. */
    List<DataRetentionSource> inOrder() {
        return sources.stream().sorted(Comparator.comparing(DataRetentionSource::category)).toList();
    }
}

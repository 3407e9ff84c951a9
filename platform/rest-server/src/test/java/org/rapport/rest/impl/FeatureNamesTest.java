package org.rapport.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.net.URI;
import java.util.List;

import org.apache.karaf.features.Repository;
import org.apache.karaf.features.internal.model.Feature;
import org.apache.karaf.features.internal.model.Features;
import org.apache.karaf.features.internal.service.RepositoryImpl;
import org.junit.Test;
import org.rapport.rest.ApiException;

/** Only Rapport's own features may be named to install or uninstall, by a plain name. */
public class FeatureNamesTest {

    private static final Repository[] REPOSITORIES = {
        repository("mvn:org.apache.karaf.features/standard/4.4.9/xml/features", "ssh", "webconsole", "deployer"),
        repository(FeaturesResource.REPOSITORY + "0.1.0-SNAPSHOT/xml/features", "rapport", "rapport-segments"),
        repository("file:/opt/rapport/data/kar/evil/features.xml", "rapport-evil", "rapport-segments")
    };

    @Test
    public void rapportsOwnFeaturesAreFoundInRapportsRepository() {
        org.apache.karaf.features.Feature segments = FeaturesResource.rapportFeature("rapport-segments", REPOSITORIES);

        assertEquals("rapport-segments", segments.getName());
        assertEquals("0.1.0.SNAPSHOT", segments.getVersion());
        assertEquals("rapport", FeaturesResource.rapportFeature("rapport", REPOSITORIES).getName());
    }

    @Test
    public void theContainersFeaturesUrlsAndPathsAreForbidden() {
        for (String name : List.of("ssh", "webconsole", "deployer", "mvn:org.rapport/rapport-features/1/xml/features",
                "rapport-segments/0.1.0", "../rapport", "rapport-segments;version=1", "RAPPORT", "")) {
            ApiException refused = assertThrows(ApiException.class, () -> FeaturesResource.rapportFeature(name, REPOSITORIES));
            assertEquals(name, 403, refused.status());
        }
    }

    @Test
    public void aRapportLikeNameFromAnotherRepositoryIsNotRapports() {
        ApiException refused = assertThrows(ApiException.class, () -> FeaturesResource.rapportFeature("rapport-evil", REPOSITORIES));

        assertEquals(404, refused.status());
    }

    private static Repository repository(String uri, String... names) {
        Features features = new Features();
        features.setName(uri);
        for (String name : names) {
            features.getFeature().add(new Feature(name, uri.contains("rapport-features") ? "0.1.0-SNAPSHOT" : "1.0.0"));
        }
        return new RepositoryImpl(URI.create(uri), features, false);
    }
}

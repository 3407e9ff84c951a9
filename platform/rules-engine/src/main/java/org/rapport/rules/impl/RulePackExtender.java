package org.rapport.rules.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.BundleTracker;
import org.rapport.guard.PluginPolicy;
import org.rapport.guard.Registration;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.RulesUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule pack extender: a bundle that carries {@value #FOLDER}{@code <package>/} (rules,
 * decision tables, scenarios) has each such package deployed when it starts, through the same
 * gate as any other change, and withdrawn when it stops. The release's origin is
 * {@code bundle <symbolic name>/<version>} and its author the bundle's symbolic name. A plugin's
 * pack is deployed only if its manifest declares the package ({@code rule-packages}); one it does
 * not declare is not deployed, and reported.
 */
@Component(immediate = true)
public class RulePackExtender {

    /** Where a bundle keeps its rule packs, one folder per package. */
    public static final String FOLDER = "META-INF/rules/";

    private static final Logger LOG = LoggerFactory.getLogger(RulePackExtender.class);

    private final RulesEngine engine;
    private final BundleTracker<List<String>> tracker;
    private final PluginPolicy plugins;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    @Activate
    public RulePackExtender(@Reference RulesEngine engine, BundleContext context) {
        this.engine = engine;
        this.plugins = PluginPolicy.open("Rule packs", context, event -> {
            EventAdmin admin = events;
            if (admin != null) {
                admin.postEvent(event);
            }
        });
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public List<String> addingBundle(Bundle bundle, BundleEvent event) {
                List<String> packages = deploy(bundle);
                return packages.isEmpty() ? null : packages;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, List<String> packages) {
                withdraw(bundle, packages);
            }
        };
        tracker.open();
    }

    @Deactivate
    public void deactivate() {
        tracker.close();
    }

    static String origin(Bundle bundle) {
        return Release.BUNDLE_ORIGIN + bundle.getSymbolicName() + "/" + bundle.getVersion();
    }

    /** Deploys each rule pack of a bundle; returns the packages it carries, deployed or not. */
    private List<String> deploy(Bundle bundle) {
        List<String> packages = new ArrayList<>();
        for (String folder : entries(bundle, FOLDER)) {
            if (!folder.endsWith("/")) {
                continue;
            }
            String rulePackage = folder.substring(FOLDER.length(), folder.length() - 1);
            if (!plugins.admit(bundle, Registration.RULE_PACKAGE, rulePackage)) {
                continue;
            }
            packages.add(rulePackage);
            try {
                Map<String, String> files = files(bundle, folder);
                if (files.isEmpty()) {
                    LOG.warn("Bundle {} carries {} without rule files", bundle.getSymbolicName(), folder);
                    continue;
                }
                Release release = engine.deploy(rulePackage, files, origin(bundle), bundle.getSymbolicName());
                LOG.info("Rule package '{}' v{} from bundle {}", rulePackage, release.version(), bundle.getSymbolicName());
            } catch (RulesUnavailableException e) {
                LOG.info("Rule package '{}' from bundle {} waits: {}", rulePackage, bundle.getSymbolicName(), e.getMessage());
            } catch (RuleRejectedException e) {
                // The engine has logged each problem; the bundle keeps running without its rules.
                LOG.warn("Rule package '{}' from bundle {} refused", rulePackage, bundle.getSymbolicName());
            } catch (IOException | RuntimeException e) {
                LOG.error("Rule package '{}' from bundle {} could not be deployed", rulePackage, bundle.getSymbolicName(), e);
            }
        }
        return packages;
    }

    private void withdraw(Bundle bundle, List<String> packages) {
        for (String rulePackage : packages) {
            try {
                engine.withdraw(rulePackage, origin(bundle));
            } catch (RuntimeException e) {
                LOG.error("Rule package '{}' of bundle {} could not be withdrawn", rulePackage, bundle.getSymbolicName(), e);
            }
        }
    }

    /** The rule, decision table and scenario files of one pack, as a release carries them. */
    static Map<String, String> files(Bundle bundle, String folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String path : entries(bundle, folder)) {
            String name = path.substring(folder.length());
            if (name.isEmpty() || name.contains("/") || !RuleFiles.isPackageFile(name)) {
                continue;
            }
            URL entry = bundle.getEntry(path);
            try (InputStream in = entry.openStream()) {
                byte[] bytes = in.readAllBytes();
                files.put(name, RuleFiles.isSpreadsheet(name) ? Base64.getEncoder().encodeToString(bytes) : utf8(name, bytes));
            }
        }
        return files;
    }

    private static String utf8(String name, byte[] bytes) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(name + " is not UTF-8 text", e);
        }
    }

    private static List<String> entries(Bundle bundle, String folder) {
        Enumeration<String> paths = bundle.getEntryPaths(folder);
        return paths == null ? List.of() : Collections.list(paths);
    }
}

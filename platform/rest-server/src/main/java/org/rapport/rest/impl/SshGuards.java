package org.rapport.rest.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.sshd.server.SshServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.rest.impl.security.LoginThrottle;
import org.rapport.rest.impl.security.SshLoginGuard;

/**
 * Puts every SSH server Karaf registers behind Rapport's rules: the login throttle and no port
 * forwarding ({@link SshLoginGuard}), and shells that wait while Rapport starts
 * ({@link SshReadinessGate}). Every server, not the first one: when its configuration changes,
 * Karaf's SSH bundle stops its server and registers a new one without unregistering the old
 * (Karaf 4.4's {@code org.apache.karaf.shell.ssh.Activator} drops the registration), so a guard
 * bound to one server would stay on a stopped server while the running one took logins unguarded.
 * The new server is guarded when it is registered, before Karaf starts it.
 */
@Component(immediate = true)
public class SshGuards {

    private final LoginThrottle throttle;
    private final Readiness readiness;
    private final RefusalAudit audit;
    private final Map<SshServer, List<Runnable>> guarded = new ConcurrentHashMap<>();

    @Activate
    public SshGuards(@Reference LoginThrottle throttle, @Reference Readiness readiness, @Reference RefusalAudit audit) {
        this.throttle = throttle;
        this.readiness = readiness;
        this.audit = audit;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addServer(SshServer server) {
        guarded.computeIfAbsent(server, s -> List.of(SshLoginGuard.install(s, throttle, audit),
                SshReadinessGate.install(s, readiness)));
    }

    void removeServer(SshServer server) {
        List<Runnable> undo = guarded.remove(server);
        if (undo != null) {
            undo.forEach(Runnable::run);
        }
    }

    @Deactivate
    void deactivate() {
        guarded.keySet().forEach(this::removeServer);
    }
}

package fr.datagrandest.platform.core.security;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthResult;
import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.AuditLog;

/**
 * The platform's audit log, and the health check that proves it was not tampered with: {@code /health}
 * reports the security module DOWN as soon as a stored row no longer matches the chain.
 */
@Component(service = {AuditLog.class, HealthCheck.class, AuditTrail.class}, property = HealthCheck.NAME + "=audit-log")
public class AuditTrail implements AuditLog, HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    /** The whole chain is re-read at most this often, so that a busy /health stays cheap on a long log. */
    private static final Duration VERIFICATION_INTERVAL = Duration.ofMinutes(1);

    private final AuditChain chain;
    private final Clock clock;
    private final Duration verificationInterval;
    private HealthResult lastResult;
    private Instant lastVerified = Instant.MIN;

    @Activate
    public AuditTrail(BundleContext context, @Reference(target = "(dge.storage.schema=security)") DataSource dataSource) {
        this(new AuditChain(new Database(dataSource), headWitness(context)), Clock.systemUTC(), VERIFICATION_INTERVAL);
    }

    /** In the data folder, not the bundle's storage area: the framework cache is rebuilt at every start. */
    private static Path headWitness(BundleContext context) {
        String data = context.getProperty("dge.data");
        return Path.of(data == null ? "data" : data, "security", "audit-head");
    }

    AuditTrail(AuditChain chain, Clock clock, Duration verificationInterval) {
        this.chain = chain;
        this.clock = clock;
        this.verificationInterval = verificationInterval;
    }

    @Override
    public void record(AuditEvent event) {
        try {
            chain.append(event);
        } catch (RuntimeException e) {
            LOG.error("Could not store the audit event {} {} by {}: {}", event.action(), event.target(), event.actor(), e.getMessage());
            throw e;
        }
    }

    @Override
    public List<AuditEvent> recent(int offset, int limit) {
        return chain.recent(offset, limit);
    }

    long total() {
        return chain.total();
    }

    @Override
    public synchronized HealthResult check() {
        Instant now = clock.instant();
        if (lastResult != null && now.isBefore(lastVerified.plus(verificationInterval))) {
            return lastResult;
        }
        AuditChain.Verification verification = chain.verifyWithHead();
        if (verification.intact()) {
            lastResult = HealthResult.up("the audit log is intact (" + verification.rows() + " events)");
        } else {
            LOG.error("The audit log was tampered with: {}", verification.problem());
            lastResult = HealthResult.down("the audit log was tampered with: " + verification.problem());
        }
        lastVerified = now;
        return lastResult;
    }
}

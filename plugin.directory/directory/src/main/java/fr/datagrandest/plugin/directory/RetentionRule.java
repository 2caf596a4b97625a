package fr.datagrandest.plugin.directory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the retention rule of personal data once at start and then every {@code retentionCheckHours}. */
@Component(configurationPid = DirectoryConfiguration.PID)
public class RetentionRule {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionRule.class);

    private final ScheduledExecutorService scheduler;

    @Activate
    public RetentionRule(@Reference Directory directory, DirectoryConfiguration config) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "directory-retention");
            t.setDaemon(true);
            return t;
        });
        long hours = Math.max(1, config.retentionCheckHours());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int erased = directory.applyRetention("system");
                if (erased > 0) {
                    LOG.info("Retention rule: {} inactive directory entries erased", erased);
                }
            } catch (RuntimeException e) {
                LOG.warn("Retention rule failed: {}", e.getMessage());
            }
        }, 1, hours * 60, TimeUnit.MINUTES);
    }

    @Deactivate
    void stop() {
        scheduler.shutdownNow();
    }
}

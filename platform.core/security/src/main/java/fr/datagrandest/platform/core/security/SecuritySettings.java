package fr.datagrandest.platform.core.security;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The security settings, checked.
 *
 * @param sessionIdle        a session ends after this long without a request
 * @param sessionMax         and in any case this long after sign-in
 * @param maxFailedLogins    failed sign-ins for one username or address before it must wait
 * @param failedLoginWindow  the period over which failed sign-ins are counted
 * @param passwordIterations PBKDF2 rounds for new and upgraded password hashes
 * @param maxRequestBytes    largest JSON body the security endpoints accept
 * @param requestFolder      where request bodies are spooled while read
 * @param trustedProxies     reverse proxies whose X-Forwarded-For is believed
 */
record SecuritySettings(Duration sessionIdle, Duration sessionMax, int maxFailedLogins, Duration failedLoginWindow,
        int passwordIterations, long maxRequestBytes, Path requestFolder, TrustedProxies trustedProxies) {

    SecuritySettings {
        if (sessionIdle.isNegative() || sessionIdle.isZero() || sessionMax.compareTo(sessionIdle) < 0) {
            throw new IllegalArgumentException("sessions need a positive idle timeout no longer than their maximum length");
        }
        if (maxFailedLogins < 1 || failedLoginWindow.isNegative() || failedLoginWindow.isZero()) {
            throw new IllegalArgumentException("the failed sign-in limit and window must be positive");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("the request body limit must be at least 1 KiB");
        }
    }
}

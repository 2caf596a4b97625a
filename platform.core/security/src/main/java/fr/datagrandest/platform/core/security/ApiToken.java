package fr.datagrandest.platform.core.security;

import java.time.Instant;

/**
 * An API token as its owner sees it in a list: everything but the secret, which is never stored.
 *
 * @param expiresAt null when the token does not expire
 * @param lastUsedAt null until first used (updated at most once a minute)
 */
record ApiToken(String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
}

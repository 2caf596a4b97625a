package fr.datagrandest.platform.core.security;

import java.time.Instant;

/** A token just created: the only time its secret is shown. */
record NewApiToken(String id, String name, Instant createdAt, Instant expiresAt, String token) {
}

package fr.datagrandest.platform.core.security;

import java.time.Instant;
import java.util.List;

/** An account as the admin API shows it: never its password hash. */
record AccountView(String username, String source, boolean enabled, List<String> roles, List<String> colleges,
        Instant createdAt, Instant updatedAt) {
}

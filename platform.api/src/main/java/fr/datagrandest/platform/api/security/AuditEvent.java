package fr.datagrandest.platform.api.security;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: who did what, to what, when, and how it ended.
 *
 * @param time   when the action ended
 * @param actor  the username (or {@code "system"} for actions of the platform itself)
 * @param action a short verb phrase, for example {@code "module.deploy"}
 * @param target what the action applied to, for example a bundle symbolic name
 * @param result {@code "success"}, {@code "refused"} or {@code "failed"}
 * @param detail a sentence for humans (never personal data that an erasure must remove)
 */
public record AuditEvent(Instant time, String actor, String action, String target, String result, String detail) {

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        target = target == null ? "" : target;
        result = result == null ? "" : result;
        detail = detail == null ? "" : detail;
    }

    public static AuditEvent of(String actor, String action, String target, String result, String detail) {
        return new AuditEvent(Instant.now(), actor, action, target, result, detail);
    }
}

package fr.datagrandest.platform.api.security;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The append-only log of administrative actions. Entries are never changed nor removed. */
@ProviderType
public interface AuditLog {

    /** Appends an event; it is stored before this method returns. */
    void record(AuditEvent event);

    /** The most recent events first, at most {@code limit} of them, skipping the first {@code offset}. */
    List<AuditEvent> recent(int offset, int limit);
}

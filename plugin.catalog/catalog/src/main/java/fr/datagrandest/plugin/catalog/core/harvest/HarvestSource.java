package fr.datagrandest.plugin.catalog.core.harvest;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * A remote catalogue this one harvests.
 *
 * @param protocol        {@code csw} (CSW 2.0.2 GetRecords, ISO 19139 output), {@code ogcapi} (OGC API – Records
 *                        items) or {@code dcat} (DCAT-AP RDF/XML paged with Hydra)
 * @param url             the CSW endpoint, the items URL of the records collection, or the first DCAT page
 * @param intervalMinutes how often it is harvested on its own, 0 for on demand only
 */
public record HarvestSource(String id, String name, String protocol, String url, int intervalMinutes, String createdBy,
        Instant createdAt) {

    public static final Set<String> PROTOCOLS = Set.of("csw", "ogcapi", "dcat");
    /** Scheduled harvests at most every 5 minutes, at least once a week. */
    public static final int MIN_INTERVAL = 5;
    public static final int MAX_INTERVAL = 7 * 24 * 60;

    /**
     * Checks what a caller sent.
     *
     * @throws IllegalArgumentException with a message for the caller
     */
    public static void validate(String name, String protocol, String url, int intervalMinutes) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name is required (at most 200 characters)");
        }
        if (protocol == null || !PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("protocol must be one of csw, ogcapi, dcat");
        }
        if (url == null || url.length() > 2000) {
            throw new IllegalArgumentException("url is required (at most 2000 characters)");
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("url must be an absolute http or https URL");
        }
        if (intervalMinutes != 0 && (intervalMinutes < MIN_INTERVAL || intervalMinutes > MAX_INTERVAL)) {
            throw new IllegalArgumentException("intervalMinutes must be 0 (on demand only) or between " + MIN_INTERVAL
                    + " and " + MAX_INTERVAL);
        }
    }
}

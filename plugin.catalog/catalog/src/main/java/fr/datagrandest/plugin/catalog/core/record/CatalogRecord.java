package fr.datagrandest.plugin.catalog.core.record;

import java.util.List;

/**
 * What the catalogue derives from one metadata document for search, listing and the protocols. The original
 * document is kept beside it, byte for byte; this is never the source of truth for the metadata itself.
 *
 * @param standard     {@code iso19139}, {@code iso19115-3}, {@code dcat} or {@code dublin-core}
 * @param resourceType dataset, series, service, ... (ISO scope code words)
 * @param dateStamp    when the metadata was last changed (ISO date or date-time), may be null
 */
public record CatalogRecord(
        String identifier,
        String standard,
        String title,
        String abstractText,
        String language,
        String resourceType,
        String organisation,
        List<String> keywords,
        List<Contact> contacts,
        List<DateEntry> dates,
        String dateStamp,
        String licence,
        List<String> constraints,
        BoundingBox bbox,
        List<Distribution> distributions,
        List<String> formats,
        String lineage,
        String parentIdentifier) {

    public CatalogRecord {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        dates = dates == null ? List.of() : List.copyOf(dates);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        distributions = distributions == null ? List.of() : List.copyOf(distributions);
        formats = formats == null ? List.of() : List.copyOf(formats);
    }

    /** The most meaningful date of the resource: revision, then publication, then creation, then the metadata date. */
    public String resourceDate() {
        for (String type : List.of("revision", "publication", "creation")) {
            for (DateEntry d : dates) {
                if (type.equals(d.type()) && d.date() != null) {
                    return d.date();
                }
            }
        }
        for (DateEntry d : dates) {
            if (d.date() != null) {
                return d.date();
            }
        }
        return dateStamp;
    }

    /** The year of {@link #resourceDate()}, or null. */
    public Integer year() {
        String d = resourceDate();
        if (d != null && d.length() >= 4 && d.substring(0, 4).chars().allMatch(Character::isDigit)) {
            return Integer.valueOf(d.substring(0, 4));
        }
        return null;
    }

    public record Contact(String name, String organisation, String email, String role) {
    }

    public record DateEntry(String type, String date) {
    }

    public record Distribution(String url, String protocol, String name, String description, String format) {
    }

    /** WGS 84 longitude/latitude extent. */
    public record BoundingBox(double west, double south, double east, double north) {
        public boolean valid() {
            return west >= -180 && east <= 180 && south >= -90 && north <= 90 && west <= east && south <= north;
        }
    }
}

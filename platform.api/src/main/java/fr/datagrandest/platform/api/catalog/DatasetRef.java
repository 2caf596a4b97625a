package fr.datagrandest.platform.api.catalog;

import java.util.Objects;

/**
 * A catalogue record as other plugins show it: enough to name it and link to its page.
 *
 * @param identifier   the record's identifier in the catalogue
 * @param title        its title
 * @param organisation the organisation responsible for it, or an empty string when none is named
 * @param pagePath     the path of its page on this site, starting with {@code /}, already URL-encoded
 */
public record DatasetRef(String identifier, String title, String organisation, String pagePath) {

    public DatasetRef {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(pagePath, "pagePath");
        if (!pagePath.startsWith("/")) {
            throw new IllegalArgumentException("pagePath must be a path on this site, starting with /: " + pagePath);
        }
    }
}

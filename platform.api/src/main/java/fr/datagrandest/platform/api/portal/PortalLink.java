package fr.datagrandest.platform.api.portal;

import java.util.Objects;

/**
 * A link the portal shows: a search hit, or what a plugin offers for a territory.
 *
 * @param title   what the user reads, in the requested language
 * @param path    where it leads
 * @param summary a short description, may be empty
 * @param source  the contributing module, shown as a category ({@code "Catalogue"})
 */
public record PortalLink(String title, String path, String summary, String source) {

    public PortalLink {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(path, "path");
        summary = summary == null ? "" : summary;
        source = source == null ? "" : source;
    }
}

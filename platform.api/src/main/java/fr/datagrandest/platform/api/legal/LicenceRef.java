package fr.datagrandest.platform.api.legal;

import java.util.Objects;

/**
 * A licence of the guide.
 *
 * @param spdxId   its SPDX short identifier ({@code etalab-2.0}, {@code ODbL-1.0}, {@code CC-BY-4.0}…)
 * @param title    its title in French
 * @param pagePath the path of its explanation on this site, starting with {@code /}, already URL-encoded
 */
public record LicenceRef(String spdxId, String title, String pagePath) {

    public LicenceRef {
        Objects.requireNonNull(spdxId, "spdxId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(pagePath, "pagePath");
        if (!pagePath.startsWith("/")) {
            throw new IllegalArgumentException("pagePath must be a path on this site, starting with /: " + pagePath);
        }
    }
}

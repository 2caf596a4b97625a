package fr.datagrandest.platform.api.legal;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The licence guide of the legal library: recognises a licence as metadata write it and gives the page that
 * explains it (its obligations, compatibility and typical use).
 */
@ProviderType
public interface LicenceGuide {

    /**
     * The licence a text or URI found in metadata names: an SPDX identifier ({@code ODbL-1.0}), a title
     * ({@code Licence Ouverte version 2.0}), or a well-known URI
     * ({@code https://www.etalab.gouv.fr/licence-ouverte-open-licence},
     * {@code https://creativecommons.org/licenses/by/4.0/}).
     *
     * @return the licence, or empty when the text names no licence the guide knows
     */
    Optional<LicenceRef> recognise(String licenceText);
}

package fr.datagrandest.platform.api.catalog;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The datasets of the metadata catalogue, as other plugins need them: the licence guide lists the datasets that
 * use a licence, a map layer links to the record that describes it. Only what anonymous visitors may read is
 * returned.
 */
@ProviderType
public interface DatasetCatalog {

    /**
     * The records whose licence is the given one, most recently changed first.
     *
     * @param spdxId a licence identifier as the licence guide names it ({@code etalab-2.0}, {@code ODbL-1.0},
     *               {@code CC-BY-4.0}…); the catalogue matches it against the licence texts and URIs of its records
     * @param limit  how many records to return at most, 1 to 500
     * @return the total count of such records and the first {@code limit} of them
     * @throws IllegalArgumentException if the identifier is blank or the limit out of range
     */
    DatasetPage datasetsWithLicence(String spdxId, int limit);

    /**
     * One record by its identifier (the {@code fileIdentifier} of an ISO record, the identifier of a DCAT one).
     *
     * @return the record, or empty when the catalogue has no such record
     */
    Optional<DatasetRef> dataset(String identifier);
}

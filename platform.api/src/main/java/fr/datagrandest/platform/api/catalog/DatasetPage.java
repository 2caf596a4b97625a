package fr.datagrandest.platform.api.catalog;

import java.util.List;

/**
 * Some records of the catalogue and how many there are in all.
 *
 * @param total    how many records match, possibly more than {@code datasets} holds
 * @param datasets the records returned, at most the limit asked for
 */
public record DatasetPage(long total, List<DatasetRef> datasets) {

    public DatasetPage {
        if (total < datasets.size()) {
            throw new IllegalArgumentException("total " + total + " is below the " + datasets.size() + " records returned");
        }
        datasets = List.copyOf(datasets);
    }
}

package fr.datagrandest.platform.api.territory;

import java.util.Objects;

/**
 * A territory of the official geographic code (COG).
 *
 * @param level      commune, EPCI, département or région
 * @param code       the official code: INSEE code for a commune ({@code "67482"}), SIREN for an EPCI,
 *                   {@code "67"} for a département, {@code "44"} for the région
 * @param name       the official name, with its accents ({@code "Strasbourg"})
 * @param population the municipal population, or 0 when unknown
 */
public record Territory(TerritoryLevel level, String code, String name, long population) {

    public Territory {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
    }

    /** A key unique across levels, for example {@code "commune:67482"}. */
    public String key() {
        return level.name().toLowerCase(java.util.Locale.ROOT) + ":" + code;
    }
}

package fr.datagrandest.platform.api.territory;

/** The levels of the French administrative map the platform knows, smallest first. */
public enum TerritoryLevel {
    COMMUNE,
    EPCI,
    DEPARTEMENT,
    REGION
}

package fr.datagrandest.platform.core.portal;

import java.util.Locale;
import java.util.Optional;

import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;

/** How territory levels appear in the portal's addresses ({@code /territoires/commune/67482}) and texts. */
final class TerritoryLevels {

    private TerritoryLevels() {
    }

    /** The level's name in addresses and text keys: {@code commune}, {@code epci}, {@code departement}, {@code region}. */
    static String slug(TerritoryLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    static Optional<TerritoryLevel> fromSlug(String slug) {
        if (slug == null) {
            return Optional.empty();
        }
        for (TerritoryLevel level : TerritoryLevel.values()) {
            if (slug(level).equals(slug.toLowerCase(Locale.ROOT))) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    static String path(Territory territory) {
        return "/territoires/" + slug(territory.level()) + "/" + territory.code();
    }

    /** The level directly inside this one, or none for a commune. */
    static Optional<TerritoryLevel> childLevel(TerritoryLevel level) {
        return switch (level) {
            case REGION -> Optional.of(TerritoryLevel.DEPARTEMENT);
            case DEPARTEMENT -> Optional.of(TerritoryLevel.EPCI);
            case EPCI -> Optional.of(TerritoryLevel.COMMUNE);
            case COMMUNE -> Optional.empty();
        };
    }

    /** Official codes are short letters and digits (INSEE {@code 2A004}, SIREN, département {@code 67}). */
    static boolean isPlausibleCode(String code) {
        return code != null && code.matches("[0-9A-Za-z]{1,15}");
    }
}

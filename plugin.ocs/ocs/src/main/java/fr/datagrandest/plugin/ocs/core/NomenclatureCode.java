package fr.datagrandest.plugin.ocs.core;

/**
 * One code of a land cover (CS) or land use (US) nomenclature.
 *
 * @param code   the code as written in OCS GE ({@code CS1.1.1.1}, {@code US235})
 * @param label  French label
 * @param short  short label for charts
 * @param parent parent code, or empty at the top
 * @param color  map colour ({@code #rrggbb} or {@code #rgb})
 */
public record NomenclatureCode(String code, String label, String shortLabel, String parent, String color) {
}

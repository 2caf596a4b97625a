package fr.datagrandest.plugin.ocs.generator;

import java.util.Set;

/**
 * The generator's own statement of the rules its expected figures follow, written independently of the
 * plugin's data tables so that a test comparing the two checks both: the décret 2023-1096 matrix with its
 * size thresholds, ENAF uses and impervious covers.
 */
public final class DecretRule {

    private static final Set<String> ARTIFICIAL_USES_FOR_GRASS = Set.of("US2", "US3", "US5", "US235", "US4.1.1",
            "US4.1.2", "US4.1.3", "US4.1.4", "US4.1.5", "US4.2", "US4.3", "US6.1", "US6.2");
    private static final Set<String> ENAF_USES = Set.of("US1.1", "US1.2", "US1.4", "US1.5", "US6.3");

    private DecretRule() {
    }

    /** Whether a polygon counts as artificialised under the décret, thresholds included. */
    public static boolean artificialised(String cs, String us, double area) {
        switch (cs) {
            case "CS1.1.1.1":
                return area >= 50;
            case "CS1.1.1.2", "CS1.1.2.2":
                return area >= 2500;
            case "CS1.1.2.1":
                return !us.equals("US1.3") && area >= 2500;
            case "CS2.2.1", "CS2.2.2":
                return ARTIFICIAL_USES_FOR_GRASS.contains(us) && area >= 2500;
            default:
                return false;
        }
    }

    /** Whether the use is a natural, agricultural or forest one (ENAF). */
    public static boolean enaf(String us) {
        return ENAF_USES.contains(us);
    }

    /** Whether the cover is sealed (buildings, roads and other impervious surfaces). */
    public static boolean impervious(String cs) {
        return cs.startsWith("CS1.1.1");
    }
}

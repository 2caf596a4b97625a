package fr.datagrandest.plugin.ocs.generator;

/**
 * The land cover / land use pairs the synthetic OCS GE draws from, with their weights in the countryside
 * and near a village or town centre (roughly the shares seen in Grand Est OCS GE: fields and forests
 * dominate, buildings, roads and gardens gather around the centres).
 */
public enum LandType {
    ARABLE("CS2.2.1", "US1.1", 46, 10),
    VINEYARD("CS2.1.3", "US1.1", 2, 1),
    BROADLEAF_FOREST("CS2.1.1.1", "US1.2", 20, 3),
    CONIFER_FOREST("CS2.1.1.2", "US1.2", 6, 1),
    MIXED_FOREST("CS2.1.1.3", "US1.2", 4, 1),
    SHRUBS("CS2.1.2", "US6.3", 2, 1),
    WATER("CS1.2.2", "US6.3", 1.5, 1),
    BARE_SOIL("CS1.2.1", "US6.3", 0.5, 0.2),
    QUARRY("CS1.1.2.1", "US1.3", 0.3, 0.2),
    HOUSES("CS1.1.1.1", "US5", 1.5, 20),
    WORKSHOPS("CS1.1.1.1", "US2", 0.5, 6),
    OFFICES_SHOPS("CS1.1.1.1", "US3", 0.3, 5),
    MIXED_CENTRE("CS1.1.1.1", "US235", 0.1, 4),
    ROADS("CS1.1.1.2", "US4.1.1", 3, 12),
    RAILWAY("CS1.1.2.1", "US4.1.2", 0.3, 1),
    CAR_PARKS("CS1.1.2.1", "US3", 0.3, 3),
    GARDENS("CS2.2.1", "US5", 2, 16),
    SPORTS_GROUNDS("CS2.2.1", "US3", 0.3, 3),
    UTILITY_NETWORKS("CS1.1.2.2", "US4.3", 0.1, 0.6),
    BUILDING_SITE("CS1.1.2.1", "US6.1", 0.1, 1.2),
    WASTELAND("CS2.2.1", "US6.2", 0.2, 1),
    ROAD_VERGES("CS2.2.2", "US4.1.1", 0.3, 1);

    public final String cs;
    public final String us;
    final double ruralWeight;
    final double urbanWeight;

    LandType(String cs, String us, double ruralWeight, double urbanWeight) {
        this.cs = cs;
        this.us = us;
        this.ruralWeight = ruralWeight;
        this.urbanWeight = urbanWeight;
    }

    /** Land without urban use (agriculture, forest, natural): where ENAF consumption starts. */
    boolean natural() {
        return us.equals("US1.1") || us.equals("US1.2") || us.equals("US6.3");
    }
}

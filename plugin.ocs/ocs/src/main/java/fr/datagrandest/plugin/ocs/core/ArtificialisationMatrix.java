package fr.datagrandest.plugin.ocs.core;

import java.util.List;
import java.util.Set;

/**
 * A version of the CS × US → artificialised correspondence (décret 2023-1096), read from data: the first
 * rule matching a polygon's codes decides, and an artificialised rule applies only from its size threshold.
 */
public final class ArtificialisationMatrix {

    /** One line of the matrix; empty sets match every code. */
    public record Rule(int number, Set<String> covers, Set<String> uses, boolean artificialised, String category,
            double thresholdM2) {

        boolean matches(String cs, String us) {
            return (covers.isEmpty() || covers.contains(cs)) && (uses.isEmpty() || uses.contains(us));
        }
    }

    /** How one polygon is classified. */
    public record Classification(boolean artificialised, String category, boolean belowThreshold) {
    }

    private final String id;
    private final String nomenclature;
    private final String label;
    private final String thresholdNote;
    private final List<Rule> rules;
    private final Set<String> enafUses;
    private final Set<String> imperviousCovers;

    public ArtificialisationMatrix(String id, String nomenclature, String label, String thresholdNote,
            List<Rule> rules, Set<String> enafUses, Set<String> imperviousCovers) {
        this.id = id;
        this.nomenclature = nomenclature;
        this.label = label;
        this.thresholdNote = thresholdNote;
        this.rules = List.copyOf(rules);
        this.enafUses = Set.copyOf(enafUses);
        this.imperviousCovers = Set.copyOf(imperviousCovers);
    }

    /** Classifies a polygon by its codes and area (m²). */
    public Classification classify(String cs, String us, double area) {
        for (Rule r : rules) {
            if (r.matches(cs, us)) {
                if (r.artificialised() && area < r.thresholdM2()) {
                    return new Classification(false, r.category() + " (sous le seuil de "
                            + (long) r.thresholdM2() + " m²)", true);
                }
                return new Classification(r.artificialised(), r.category(), false);
            }
        }
        return new Classification(false, "hors matrice", false);
    }

    /** Whether the use is natural, agricultural or forest (ENAF). */
    public boolean enaf(String us) {
        return enafUses.contains(us);
    }

    /** Whether the cover is impervious (sealed). */
    public boolean impervious(String cs) {
        return imperviousCovers.contains(cs);
    }

    public String id() {
        return id;
    }

    public String nomenclature() {
        return nomenclature;
    }

    public String label() {
        return label;
    }

    public String thresholdNote() {
        return thresholdNote;
    }

    public List<Rule> rules() {
        return rules;
    }

    public Set<String> enafUses() {
        return enafUses;
    }

    public Set<String> imperviousCovers() {
        return imperviousCovers;
    }
}

package fr.datagrandest.plugin.catalog.core.record;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the licences metadata name, as free text or as a URI, and gives their SPDX identifier, so that the
 * records of one licence can be found whatever wording their producer used ("Licence Ouverte v2.0", an Etalab URL,
 * "ODbL 1.0 - Open Database Licence"…). A deliberately small table: the licences of French and European open data.
 * A text this table does not recognise is left as it is, never guessed.
 */
public final class Licences {

    /** Licence Ouverte 1.0 (2011), another licence than 2.0. */
    public static final String ETALAB_1 = "LicenseRef-etalab-1.0";

    /** The SPDX identifiers this table gives, with their French titles. */
    public static final Map<String, String> TITLES = new LinkedHashMap<>();
    static {
        TITLES.put("etalab-2.0", "Licence Ouverte 2.0 (Etalab)");
        // Not on the SPDX list: a LicenseRef- identifier, the one the legal library's licence guide gives it.
        TITLES.put(ETALAB_1, "Licence Ouverte 1.0 (Etalab, 2011)");
        TITLES.put("ODbL-1.0", "Open Database License (ODbL) 1.0");
        TITLES.put("ODC-By-1.0", "Open Data Commons Attribution 1.0");
        TITLES.put("PDDL-1.0", "Open Data Commons Public Domain Dedication 1.0");
        TITLES.put("CC0-1.0", "Creative Commons Zéro 1.0 (domaine public)");
        for (String version : new String[] {"4.0", "3.0", "2.0"}) {
            TITLES.put("CC-BY-" + version, "Creative Commons Attribution " + version);
            TITLES.put("CC-BY-SA-" + version, "Creative Commons Attribution – Partage dans les mêmes conditions " + version);
            TITLES.put("CC-BY-ND-" + version, "Creative Commons Attribution – Pas de modification " + version);
            TITLES.put("CC-BY-NC-" + version, "Creative Commons Attribution – Pas d'utilisation commerciale " + version);
            TITLES.put("CC-BY-NC-SA-" + version, "Creative Commons Attribution – Pas d'utilisation commerciale – Partage dans les mêmes conditions " + version);
            TITLES.put("CC-BY-NC-ND-" + version, "Creative Commons Attribution – Pas d'utilisation commerciale – Pas de modification " + version);
        }
    }

    private static final Map<String, String> BY_LOWER_ID = new LinkedHashMap<>();
    static {
        TITLES.keySet().forEach(id -> BY_LOWER_ID.put(id.toLowerCase(Locale.ROOT), id));
    }

    private static final Pattern CC_URI = Pattern.compile("creativecommons\\.org/licen[cs]es/(by(?:-nc)?(?:-sa|-nd)?)/(\\d\\.\\d)");
    private static final Pattern CC_TEXT = Pattern.compile("\\bcc[ _-]?(by(?:[ _-]nc)?(?:[ _-](?:sa|nd))?)[ _-]?v?(\\d\\.\\d)\\b");
    private static final Pattern CC_ATTRIBUTION = Pattern.compile("creative commons attribution (\\d\\.\\d)\\b");
    private static final Pattern SPDX_URI = Pattern.compile("spdx\\.org/licenses/([a-z0-9.+-]+?)(?:\\.html|/|$)");
    /** Licence Ouverte 1.0: its version, or the addresses of its text (data.gouv.fr's of 2011, etalab's of 2014). */
    private static final Pattern ETALAB_V1 = Pattern.compile("\\b1\\.0\\b|\\bv1\\b"
            + "|data\\.gouv\\.fr/licence-ouverte-open-licence|etalab\\.gouv\\.fr/wp-content/uploads/2014/");

    private Licences() {
    }

    /**
     * The SPDX identifier of the licence a metadata text or URI names, or empty when the table does not recognise
     * it.
     */
    public static Optional<String> spdx(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        String exact = BY_LOWER_ID.get(t);
        if (exact != null) {
            return Optional.of(exact);
        }
        Matcher m = SPDX_URI.matcher(t);
        if (m.find() && BY_LOWER_ID.containsKey(m.group(1))) {
            return Optional.of(BY_LOWER_ID.get(m.group(1)));
        }
        // The Etalab licence first: its French title often cites the licences it is compatible with (ODC-BY, CC-BY).
        if (t.contains("licence ouverte") || t.contains("licence-ouverte") || t.contains("licence_ouverte")
                || t.contains("open licence") || t.contains("open-licence") || t.contains("open license")
                || t.contains("etalab")) {
            return Optional.of(ETALAB_V1.matcher(t).find() ? ETALAB_1 : "etalab-2.0");
        }
        if (t.contains("odbl") || t.contains("open database licen") || t.contains("opendatacommons.org/licenses/odbl")) {
            return Optional.of("ODbL-1.0");
        }
        if (t.contains("opendatacommons.org/licenses/by") || t.contains("odc-by") || t.contains("odc by")) {
            return Optional.of("ODC-By-1.0");
        }
        if (t.contains("opendatacommons.org/licenses/pddl") || t.contains("pddl")) {
            return Optional.of("PDDL-1.0");
        }
        if (t.contains("creativecommons.org/publicdomain/zero/1.0") || t.matches(".*\\bcc[ -]?0\\b.*")
                || t.contains("cc zero") || t.contains("creative commons zero")) {
            return Optional.of("CC0-1.0");
        }
        m = CC_URI.matcher(t);
        if (m.find() || (m = CC_TEXT.matcher(t)).find()) {
            String id = "cc-" + m.group(1).replaceAll("[ _]", "-") + "-" + m.group(2);
            return Optional.ofNullable(BY_LOWER_ID.get(id));
        }
        m = CC_ATTRIBUTION.matcher(t);
        if (m.find()) {
            return Optional.ofNullable(BY_LOWER_ID.get("cc-by-" + m.group(1)));
        }
        return Optional.empty();
    }

    /** The identifier as this table writes it ({@code odbl-1.0} gives {@code ODbL-1.0}); unknown ones unchanged. */
    public static String canonical(String spdxId) {
        return BY_LOWER_ID.getOrDefault(spdxId.strip().toLowerCase(Locale.ROOT), spdxId.strip());
    }

    /** The French title of an identifier of this table, or the identifier itself. */
    public static String title(String spdxId) {
        return TITLES.getOrDefault(spdxId, spdxId);
    }
}

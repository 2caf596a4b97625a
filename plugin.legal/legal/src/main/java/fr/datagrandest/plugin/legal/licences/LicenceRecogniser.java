package fr.datagrandest.plugin.legal.licences;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which licence of the guide a licence statement of a metadata record names. Records write the same licence
 * in many ways: an SPDX id ({@code ODbL-1.0}), a title in French or English ({@code Licence Ouverte v2.0 (Etalab)},
 * {@code CC BY-SA 4.0}), the URI of its text ({@code http://www.data.gouv.fr/Licence-Ouverte-Open-Licence}), an EU
 * licence authority URI, often inside a longer sentence or HTML. Pure logic, no state beyond the guide's list.
 *
 * <p>A URI decides before words, because titles in the same sentence often name compatible licences
 * ("compatible ODC-BY, CC-BY 2.0"); among words, the one written first wins. A version the guide does not have
 * (CC-BY 3.0, ODbL 2.0) is not recognised as the guide's version; a title without any version is the current one.
 */
public final class LicenceRecogniser {

    private static final String LO1 = "LicenseRef-etalab-1.0";
    private static final String LO2 = "etalab-2.0";

    /** A well-known URI of a licence text, compared without scheme, {@code www.}, case and trailing punctuation. */
    private record UriRule(String prefix, String id) {
    }

    // Order matters: the first prefix that matches wins, so longer, more specific prefixes come first.
    private static final List<UriRule> URIS = List.of(
            // Etalab: the 2.0 texts (French PDF of 2017, English PDF of 2018) and the page of the current version.
            new UriRule("etalab.gouv.fr/wp-content/uploads/2017/04/etalab-licence-ouverte-v2.0", LO2),
            new UriRule("etalab.gouv.fr/wp-content/uploads/2018/11/open-licence", LO2),
            new UriRule("etalab.gouv.fr/wp-content/uploads/2014/05/licence_ouverte", LO1),
            new UriRule("etalab.gouv.fr/wp-content/uploads/2014/05/open_licence", LO1),
            new UriRule("etalab.gouv.fr/licence-ouverte-open-licence", LO2),
            new UriRule("etalab.gouv.fr/licence-version-2-0", LO2),
            // data.gouv.fr: the 2011 page of version 1.0 and the licence pages of its catalogue.
            new UriRule("data.gouv.fr/licence-ouverte-open-licence", LO1),
            new UriRule("data.gouv.fr/fr/licenses/fr-lo", LO1),
            new UriRule("data.gouv.fr/fr/licenses/lov2", LO2),
            new UriRule("data.gouv.fr/fr/licenses/odc-odbl", "ODbL-1.0"),
            new UriRule("data.gouv.fr/fr/licenses/cc-by-sa", "CC-BY-SA-4.0"),
            new UriRule("data.gouv.fr/fr/licenses/cc-by", "CC-BY-4.0"),
            new UriRule("data.gouv.fr/fr/licenses/cc-zero", "CC0-1.0"),
            new UriRule("opendatacommons.org/licenses/odbl", "ODbL-1.0"),
            new UriRule("opendefinition.org/licenses/odc-odbl", "ODbL-1.0"),
            new UriRule("creativecommons.org/licenses/by-sa/4.0", "CC-BY-SA-4.0"),
            new UriRule("creativecommons.org/licenses/by/4.0", "CC-BY-4.0"),
            new UriRule("creativecommons.org/publicdomain/zero/1.0", "CC0-1.0"),
            // The EU licence authority table (DCAT-AP records).
            new UriRule("publications.europa.eu/resource/authority/licence/cc_bysa_4_0", "CC-BY-SA-4.0"),
            new UriRule("publications.europa.eu/resource/authority/licence/cc_by_4_0", "CC-BY-4.0"),
            new UriRule("publications.europa.eu/resource/authority/licence/cc0", "CC0-1.0"),
            new UriRule("publications.europa.eu/resource/authority/licence/odc_bl", "ODbL-1.0"),
            new UriRule("publications.europa.eu/resource/authority/licence/etalab_2_0", LO2),
            new UriRule("spdx.org/licenses/", null));

    private static final Pattern URI = Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>)\\]]+");
    // Words are matched on a folded form: lower case, no accents, every run of punctuation or space one space.
    // A one-digit major version, so that a year ("ODbL 2013") is not read as one.
    private static final String VERSION = "(?: (?:v|version|ver))? ?(\\d)(?: (\\d+))?";

    private record WordRule(Pattern pattern, String id, String expectedMajor) {
    }

    private static final List<WordRule> WORDS = List.of(
            // Licence Ouverte / Open Licence / Etalab, with or without a version; without one, the current (2.0).
            words("(?:licence ouverte|open licen[cs]e|licence etalab|etalab)(?: open licen[cs]e| licence ouverte)?(?: etalab)?(?:" + VERSION + ")?", "etalab"),
            words("(?:odbl|open database licen[cs]e)(?:" + VERSION + ")?", "ODbL-1.0"),
            words("(?:cc ?by ?sa|creative commons (?:attribution )?(?:share ?alike|partage dans les memes conditions)|creative commons by sa|creative commons attribution (?:share ?alike|partage dans les memes conditions))(?:" + VERSION + ")?", "CC-BY-SA-4.0"),
            // CC-BY not followed by SA, NC or ND (those are other licences).
            words("(?:cc ?by|creative commons attribution|creative commons by)(?! ?(?:sa|nc|nd|share|partage|pas|non)\\b)(?:" + VERSION + ")?", "CC-BY-4.0"),
            words("(?:cc ?0|cc zero|creative commons zero)(?:" + VERSION + ")?", "CC0-1.0"),
            // "mit" alone is also a French verb: only with the word licence.
            words("(?:mit licen[cs]e|licen[cs]e mit)()", "MIT"));

    private static WordRule words(String regex, String id) {
        String major = switch (id) {
            case "ODbL-1.0", "CC0-1.0" -> "1";
            case "CC-BY-4.0", "CC-BY-SA-4.0" -> "4";
            default -> null;
        };
        return new WordRule(Pattern.compile("(?<![a-z0-9])" + regex + "(?![a-z0-9])"), id, major);
    }

    private final LicenceGuide guide;

    public LicenceRecogniser(LicenceGuide guide) {
        this.guide = guide;
    }

    public LicenceGuide guide() {
        return guide;
    }

    /** The licence the text names, or empty when it names none of the guide's (or only versions it lacks). */
    public Optional<Licence> recognise(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        Optional<Licence> exact = guide.find(trimmed);
        if (exact.isPresent()) {
            return exact;
        }
        Optional<Licence> byUri = byUri(trimmed);
        if (byUri.isPresent()) {
            return byUri;
        }
        return byWords(fold(URI.matcher(trimmed).replaceAll(" ")));
    }

    /** The path of the licence's explanation: its anchor on the guide page. */
    public static String pagePath(Licence licence) {
        return "/legal/licences#" + URLEncoder.encode(licence.id(), StandardCharsets.UTF_8);
    }

    /** The licence's French title with its version, as a link text. */
    public static String title(Licence licence) {
        String version = licence.version() == null ? "" : licence.version().strip();
        if (version.isEmpty() || licence.name().contains(version.split(" ")[0])) {
            return licence.name();
        }
        return licence.name() + " " + version;
    }

    private Optional<Licence> byUri(String text) {
        Matcher matcher = URI.matcher(text);
        while (matcher.find()) {
            String uri = normaliseUri(matcher.group());
            for (UriRule rule : URIS) {
                if (uri.startsWith(rule.prefix())) {
                    // spdx.org/licenses/<id>(.html|.json): the id itself.
                    String id = rule.id() != null ? rule.id()
                            : uri.substring(rule.prefix().length()).replaceAll("\\.(html|json)$", "");
                    Optional<Licence> licence = guide.find(id);
                    if (licence.isPresent()) {
                        return licence;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String normaliseUri(String uri) {
        String u = uri.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("^www\\.", "");
        return u.replaceAll("[.,;:!?]+$", "");
    }

    private record Hit(int at, String id) {
    }

    private Optional<Licence> byWords(String folded) {
        List<Hit> hits = new ArrayList<>();
        for (WordRule rule : WORDS) {
            Matcher matcher = rule.pattern().matcher(folded);
            while (matcher.find()) {
                String id = idFor(rule, matcher.group(1));
                if (id != null) {
                    hits.add(new Hit(matcher.start(), id));
                    break;
                }
            }
        }
        // SPDX ids written inside a sentence ("sous licence CeCILL-B"); a one-word id (MIT) is a rule above.
        String spaced = " " + folded + " ";
        for (Licence licence : guide.all()) {
            int at = licence.id().matches(".*[\\d-].*") ? spaced.indexOf(" " + fold(licence.id()) + " ") : -1;
            if (at >= 0) {
                hits.add(new Hit(at, licence.id()));
            }
        }
        return hits.stream().min(Comparator.comparingInt(Hit::at)).flatMap(hit -> guide.find(hit.id()));
    }

    /** The id a title match names, given the major version written after it (null when none was written). */
    private static String idFor(WordRule rule, String major) {
        if ("etalab".equals(rule.id())) {
            if (major == null || major.isEmpty() || "2".equals(major)) {
                return LO2;
            }
            return "1".equals(major) ? LO1 : null;
        }
        return major == null || major.isEmpty() || major.equals(rule.expectedMajor()) ? rule.id() : null;
    }

    static String fold(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("<[^>]*>", " ").replaceAll("[^a-z0-9]+", " ").strip();
    }
}

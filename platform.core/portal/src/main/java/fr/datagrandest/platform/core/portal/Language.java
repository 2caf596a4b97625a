package fr.datagrandest.platform.core.portal;

import java.util.Locale;
import java.util.Optional;

/** The languages of the portal: French first, English available. */
enum Language {
    FR("fr", Locale.FRANCE),
    EN("en", Locale.UK);

    /** The cookie that keeps the choice made with the FR/EN switch. */
    static final String COOKIE = "dge_lang";

    private final String tag;
    private final Locale locale;

    Language(String tag, Locale locale) {
        this.tag = tag;
        this.locale = locale;
    }

    String tag() {
        return tag;
    }

    Locale locale() {
        return locale;
    }

    /** The language for a tag such as {@code "en"}, {@code "EN"} or {@code "fr-BE"}. */
    static Optional<Language> of(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String primary = tag.trim().toLowerCase(Locale.ROOT);
        int dash = primary.indexOf('-');
        if (dash > 0) {
            primary = primary.substring(0, dash);
        }
        for (Language language : values()) {
            if (language.tag.equals(primary)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }

    /**
     * The language of a request: the {@code lang} parameter, then the {@code dge_lang} cookie, then the
     * browser's preferences (Accept-Language), and French when none of them names a language we speak.
     */
    static Language resolve(String parameter, String cookie, String acceptLanguage) {
        return of(parameter).or(() -> of(cookie)).or(() -> preferred(acceptLanguage)).orElse(FR);
    }

    /** The supported language the browser prefers most (highest q; the first one listed on a tie). */
    static Optional<Language> preferred(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Optional.empty();
        }
        Language best = null;
        double bestWeight = 0;
        for (String range : acceptLanguage.split(",")) {
            String[] parts = range.split(";");
            double weight = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        weight = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            Optional<Language> language = of(parts[0]);
            if (language.isPresent() && weight > bestWeight) {
                best = language.get();
                bestWeight = weight;
            }
        }
        return Optional.ofNullable(best);
    }
}

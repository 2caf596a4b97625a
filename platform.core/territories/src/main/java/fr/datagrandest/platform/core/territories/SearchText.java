package fr.datagrandest.platform.core.territories;

import java.text.Normalizer;

/**
 * The form in which names are compared: lower case, without accents, ligatures spelt out, and every hyphen,
 * apostrophe or other separator turned into one space, so that {@code "Saint-Dié-des-Vosges"} and
 * {@code "saint die des vosges"} compare equal.
 */
final class SearchText {

    private SearchText() {
    }

    static String fold(String text) {
        // Decomposition splits "é" into "e" and a combining accent, which is then dropped.
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        boolean separator = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (!Character.isLetterOrDigit(c)) {
                separator = true;
                continue;
            }
            if (separator && !folded.isEmpty()) {
                folded.append(' ');
            }
            separator = false;
            switch (c) {
                case 'œ', 'Œ' -> folded.append("oe");
                case 'æ', 'Æ' -> folded.append("ae");
                case 'ß' -> folded.append("ss");
                default -> folded.append(Character.toLowerCase(c));
            }
        }
        return folded.toString();
    }

    /** The words of a folded text. */
    static String[] words(String folded) {
        return folded.isEmpty() ? new String[0] : folded.split(" ");
    }
}

package fr.datagrandest.plugin.directory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the directory compares French names: case, accents, ligatures, hyphens and apostrophes do not count
 * ("Saint-Dié" = "saint die", "Œuvre" = "oeuvre").
 */
final class FrenchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    /** Words that say nothing about which organisation is meant. */
    private static final Set<String> FILLERS = Set.of("de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a",
            "au", "aux", "sur");

    private FrenchText() {
    }

    /** Lower case, no accents, words separated by one space. */
    static String key(String text) {
        if (text == null) {
            return "";
        }
        String s = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss");
        s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        s = s.toLowerCase(Locale.ROOT);
        return NOT_WORD.matcher(s).replaceAll(" ").strip();
    }

    /** The words of a search query, normalised. */
    static List<String> words(String query) {
        List<String> words = new ArrayList<>();
        for (String w : key(query).split(" ")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** An e-mail address compared without case and surrounding spaces; null when it is not a valid address. */
    static String emailKey(String email) {
        if (email == null) {
            return null;
        }
        String e = email.strip();
        return isEmail(e) ? e.toLowerCase(Locale.ROOT) : null;
    }

    static boolean isEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email.strip()).matches();
    }

    /**
     * A phone number in the international form (+33…), or null when it is not a phone number: French numbers have
     * ten digits starting with 0, others start with + and have 8 to 15 digits.
     */
    static String phone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String p = phone.strip();
        if (!p.matches("[+0-9 .()/-]+")) {
            return null;
        }
        String digits = p.replaceAll("[^0-9]", "");
        if (p.startsWith("+")) {
            if (digits.startsWith("330")) {
                digits = "33" + digits.substring(3);
            }
            return digits.length() >= 8 && digits.length() <= 15 ? "+" + digits : null;
        }
        if (digits.startsWith("0033")) {
            return digits.length() == 13 ? "+" + digits.substring(2) : null;
        }
        if (digits.length() == 10 && digits.startsWith("0") && digits.charAt(1) != '0') {
            return "+33" + digits.substring(1);
        }
        return null;
    }

    /**
     * How alike two organisation names are, from 0 to 1: the Dice coefficient of their letter pairs, without the
     * filler words ("Communauté d'agglomération de Colmar" and "Communaute agglomeration Colmar" are 1).
     */
    static double similarity(String a, String b) {
        // "Syndicat n°12" and "Syndicat n°1" are two organisations: numbers must agree
        if (!numbers(a).equals(numbers(b))) {
            return 0;
        }
        Set<String> pa = pairs(significant(a));
        Set<String> pb = pairs(significant(b));
        if (pa.isEmpty() || pb.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String p : pa) {
            if (pb.contains(p)) {
                common++;
            }
        }
        return 2.0 * common / (pa.size() + pb.size());
    }

    private static List<String> numbers(String name) {
        List<String> numbers = new ArrayList<>();
        java.util.regex.Matcher m = Pattern.compile("\\d+").matcher(name == null ? "" : name);
        while (m.find()) {
            numbers.add(m.group());
        }
        return numbers;
    }

    private static String significant(String name) {
        StringBuilder out = new StringBuilder();
        for (String w : key(name).split(" ")) {
            if (!w.isEmpty() && !FILLERS.contains(w)) {
                out.append(w).append(' ');
            }
        }
        return out.toString().strip();
    }

    private static Set<String> pairs(String s) {
        Set<String> pairs = new HashSet<>();
        for (String word : s.split(" ")) {
            String w = " " + word + " ";
            for (int i = 0; i + 2 <= w.length(); i++) {
                pairs.add(w.substring(i, i + 2));
            }
        }
        return pairs;
    }

    /** A SIREN (9 digits) from a SIREN or SIRET written with or without spaces; null otherwise. */
    static String siren(String value) {
        if (value == null) {
            return null;
        }
        String digits = value.replaceAll("[\\s.]", "");
        if (digits.matches("\\d{14}")) {
            return digits.substring(0, 9);
        }
        return digits.matches("\\d{9}") ? digits : null;
    }
}

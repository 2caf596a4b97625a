package fr.datagrandest.platform.core.security;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.core.web.HttpProblem;

/** What an account may be made of, checked before anything is stored; each refusal says what to change. */
final class AccountRules {

    static final Set<String> ROLES = Set.of(Roles.PLATFORM_ADMIN, Roles.MODULE_ADMIN, Roles.EDITOR, Roles.READER);
    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_LENGTH = 1024;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9]([a-z0-9._@-]{0,62}[a-z0-9])?");
    private static final Pattern COLLEGE = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,62}[a-z0-9])?");
    /** Names the platform itself uses as actors. */
    private static final Set<String> RESERVED = Set.of("anonymous", "system");

    private AccountRules() {
    }

    /** The username as stored: trimmed and lower-cased, or null when it cannot be one (sign-in then fails). */
    static String normalized(String username) {
        if (username == null) {
            return null;
        }
        String value = username.strip().toLowerCase(Locale.ROOT);
        return USERNAME.matcher(value).matches() && !value.contains("..") ? value : null;
    }

    /** The username for a new account, or a 400 that says what a username may contain. */
    static String username(String username) {
        if (username == null || username.isBlank()) {
            throw HttpProblem.badRequest("the username is missing");
        }
        String value = normalized(username);
        if (value == null) {
            throw HttpProblem.badRequest("'" + printable(username) + "' is not a valid username: use 1 to 64 lowercase"
                    + " letters, digits and . _ @ -, starting and ending with a letter or a digit, without '..'");
        }
        if (RESERVED.contains(value)) {
            throw HttpProblem.badRequest("'" + value + "' is reserved by the platform: choose another username");
        }
        return value;
    }

    static Set<String> roles(Collection<String> roles) {
        Set<String> result = new TreeSet<>();
        for (String role : roles) {
            if (role == null || !ROLES.contains(role)) {
                throw HttpProblem.badRequest("unknown role '" + printable(role) + "': use " + String.join(", ", new TreeSet<>(ROLES)));
            }
            result.add(role);
        }
        return result;
    }

    static Set<String> colleges(Collection<String> colleges) {
        Set<String> result = new TreeSet<>();
        for (String college : colleges) {
            String value = college == null ? "" : college.strip().toLowerCase(Locale.ROOT);
            if (!COLLEGE.matcher(value).matches()) {
                throw HttpProblem.badRequest("'" + printable(college) + "' is not a valid collège identifier: use 1 to 64"
                        + " lowercase letters, digits, - and _ (for example \"etat\" or \"epci\")");
            }
            result.add(value);
        }
        return result;
    }

    /** An editor edits the content of named collèges: the role without any is a mistake. */
    static void editorHasColleges(Set<String> roles, Set<String> colleges) {
        if (roles.contains(Roles.EDITOR) && colleges.isEmpty()) {
            throw HttpProblem.badRequest("the editor role needs at least one collège: add \"colleges\": [\"…\"]");
        }
    }

    static void password(String password, String username) {
        if (password == null || password.isEmpty()) {
            throw HttpProblem.badRequest("the password is missing");
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw HttpProblem.badRequest("the password is too short: use at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw HttpProblem.badRequest("the password is too long: use at most " + MAX_PASSWORD_LENGTH + " characters");
        }
        if (password.equalsIgnoreCase(username)) {
            throw HttpProblem.badRequest("the password cannot be the username");
        }
    }

    /** Echoes user input in a message without control characters and without flooding it. */
    static String printable(String value) {
        if (value == null) {
            return "";
        }
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}

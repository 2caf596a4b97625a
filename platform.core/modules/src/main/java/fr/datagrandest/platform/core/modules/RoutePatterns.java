package fr.datagrandest.platform.core.modules;

import java.util.Set;

/** Servlet URL patterns (exact, {@code /prefix/*}, {@code *.extension}, {@code /}) and the paths they match. */
record RoutePatterns(Set<String> patterns) {

    RoutePatterns {
        patterns = Set.copyOf(patterns);
    }

    boolean matches(String path) {
        for (String pattern : patterns) {
            if (matches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    /** The longest matching pattern's length, or -1: the whiteboard routes a path to its most specific pattern. */
    int bestMatchLength(String path) {
        int best = -1;
        for (String pattern : patterns) {
            if (matches(pattern, path)) {
                best = Math.max(best, pattern.length());
            }
        }
        return best;
    }

    static boolean matches(String pattern, String path) {
        if (pattern.equals("/") || pattern.equals("/*")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        if (pattern.startsWith("*.")) {
            return path.endsWith(pattern.substring(1));
        }
        return path.equals(pattern);
    }
}

package fr.datagrandest.platform.core.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;

/**
 * Who may call {@code /api/admin/**}, decided before any servlet runs: platform-admin everywhere; module-admin
 * on {@code /api/admin/modules/**} and for reading {@code /api/admin/audit}; nobody else.
 */
final class AdminAccessRules {

    private static final Set<String> MODULE_ADMINS = Set.of(Roles.PLATFORM_ADMIN, Roles.MODULE_ADMIN);
    private static final Set<String> PLATFORM_ADMINS = Set.of(Roles.PLATFORM_ADMIN);

    private AdminAccessRules() {
    }

    /** The roles that may call the path (any one suffices), or null when the path is not an admin path. */
    static Set<String> allowedRoles(String method, String path) {
        String p = canonical(path);
        if (!under(p, "/api/admin")) {
            return null;
        }
        if (under(p, "/api/admin/modules")) {
            return MODULE_ADMINS;
        }
        if (under(p, "/api/admin/audit") && ("GET".equals(method) || "HEAD".equals(method))) {
            return MODULE_ADMINS;
        }
        return PLATFORM_ADMINS;
    }

    /** True when any spelling of the path is an admin path. */
    static boolean isAdminPath(String method, List<String> paths) {
        return paths.stream().anyMatch(path -> allowedRoles(method, path) != null);
    }

    /**
     * Refuses with 401 (anonymous) or 403 (lacking the role) an admin path the user may not call. The request
     * is known by several spellings of its path (decoded by the container, raw); the strictest rule applies.
     */
    static void check(String method, List<String> paths, UserIdentity user) {
        Set<String> allowed = null;
        String path = null;
        for (String candidate : paths) {
            Set<String> roles = allowedRoles(method, candidate);
            if (roles != null && (allowed == null || roles.size() < allowed.size())) {
                allowed = roles;
                path = canonical(candidate);
            }
        }
        if (allowed == null) {
            return;
        }
        if (user.isAnonymous()) {
            throw Refusals.unauthorized(Refusals.SIGN_IN);
        }
        if (allowed.stream().noneMatch(role -> user.roles().contains(role))) {
            throw Refusals.forbidden("the account '" + user.username() + "' may not call " + path + ": it needs the role "
                    + String.join(" or ", allowed.stream().sorted().toList()));
        }
    }

    /**
     * The path as the servlet container routes it, made comparable: path parameters ({@code ;x}) dropped,
     * empty and {@code .} segments removed, {@code ..} resolved, lower case (stricter than routing, never looser).
     */
    static String canonical(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : (path == null ? "" : path).replace('\\', '/').split("/")) {
            int parameters = segment.indexOf(';');
            String s = parameters >= 0 ? segment.substring(0, parameters) : segment;
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(s.toLowerCase(Locale.ROOT));
            }
        }
        return "/" + String.join("/", segments);
    }

    /** Decodes {@code %XX} escapes as UTF-8, leaving malformed ones as they are ({@code +} stays a plus). */
    static String percentDecoded(String path) {
        if (path == null || path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch == '%' && i + 2 < path.length() && HexFormat.isHexDigit(path.charAt(i + 1)) && HexFormat.isHexDigit(path.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(path, i + 1, i + 3));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}

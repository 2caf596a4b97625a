package fr.datagrandest.platform.core.portal;

import java.util.Optional;
import java.util.regex.Pattern;

/** Which link targets the portal accepts from plugins and from a {@code next} parameter. */
final class LinkTargets {

    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[^\\s\\\\]*");
    private static final Pattern WEB_URL = Pattern.compile("https?://[^\\s/\\\\]+(?:[/?#][^\\s\\\\]*)?", Pattern.CASE_INSENSITIVE);

    private LinkTargets() {
    }

    /** A path on this site ({@code /catalog}); never {@code //host} nor a scheme, so never an open redirect. */
    static boolean isLocalPath(String target) {
        return target != null && target.length() <= 2000 && LOCAL_PATH.matcher(target).matches();
    }

    /** A plugin's link: a path on this site or an http(s) address; anything else ({@code javascript:}…) is refused. */
    static Optional<String> forLink(String target) {
        if (target == null) {
            return Optional.empty();
        }
        String trimmed = target.trim();
        return isLocalPath(trimmed) || trimmed.length() <= 2000 && WEB_URL.matcher(trimmed).matches()
                ? Optional.of(trimmed) : Optional.empty();
    }

    /** Where to go after signing in: the asked page when it is on this site, the front page otherwise. */
    static String afterLogin(String next) {
        return isLocalPath(next) && !next.startsWith("/login") ? next : "/";
    }
}

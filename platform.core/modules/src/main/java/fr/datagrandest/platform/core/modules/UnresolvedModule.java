package fr.datagrandest.platform.core.modules;

import java.util.List;

import fr.datagrandest.platform.core.web.HttpProblem;

/** A jar refused because some of its requirements are not met; carries the complete list. */
final class UnresolvedModule extends HttpProblem {

    private static final long serialVersionUID = 1L;
    private final transient List<String> missing;

    UnresolvedModule(String bsn, String version, List<String> missing) {
        super(422, "Module does not resolve", bsn + " " + version + " would not resolve: " + missing.size()
                + " requirement(s) missing; nothing was changed");
        this.missing = List.copyOf(missing);
    }

    List<String> missing() {
        return missing;
    }
}

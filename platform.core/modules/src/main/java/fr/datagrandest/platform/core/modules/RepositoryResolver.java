package fr.datagrandest.platform.core.modules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;

import fr.datagrandest.platform.core.modules.RepositoryIndex.Clause;
import fr.datagrandest.platform.core.modules.RepositoryIndex.Offer;

/**
 * Install by resolution: what must be added or updated, from the repositories, for a module to resolve next to
 * what runs. Every mandatory requirement (resolve-time) of each module added is met by what runs, by a module
 * already in the plan, or by the highest version the repositories offer; a plan is refused with <em>every</em>
 * reason when a requirement has no provider, when the modules added depend on each other in a cycle, or when
 * an update would take away something a running module uses.
 */
final class RepositoryResolver {

    /** A running bundle: what it provides, and which of its capabilities other bundles are wired to. */
    record Running(String symbolicName, Version version, List<Clause> capabilities, List<Use> usedBy) {
    }

    /** A running bundle {@code requirer} wired to a capability through {@code requirement}. */
    record Use(String requirer, Clause requirement) {
    }

    /** One step of a plan: {@code install} or {@code update} (from the running version). */
    record Step(String action, Offer offer, String fromVersion) {
    }

    /** The refusal of a plan, with every reason. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final List<String> reasons;

        Refused(String summary, List<String> reasons) {
            super(summary + ": " + String.join("; ", reasons));
            this.reasons = List.copyOf(reasons);
        }
    }

    private final List<Running> running;
    private final List<Offer> offers;

    RepositoryResolver(List<Running> running, List<Offer> offers) {
        this.running = running;
        this.offers = offers;
    }

    /** The offer to install: the given version, or the highest one. */
    Offer choose(String symbolicName, Optional<Version> version) {
        List<Offer> versions = offers.stream().filter(o -> o.symbolicName().equals(symbolicName))
                .sorted(Comparator.comparing(Offer::version).reversed()).toList();
        if (versions.isEmpty()) {
            throw new Refused("cannot install " + symbolicName, List.of("no configured repository offers " + symbolicName));
        }
        return version.map(v -> versions.stream().filter(o -> o.version().equals(v)).findFirst()
                .orElseThrow(() -> new Refused("cannot install " + symbolicName + " " + v,
                        List.of("the repositories offer " + symbolicName + " only in " + versions.stream().map(o -> o.version().toString()).toList()))))
                .orElse(versions.get(0));
    }

    /** The steps, dependencies first, that install {@code target} and everything it needs. */
    List<Step> plan(Offer target) {
        Map<String, Offer> chosen = new LinkedHashMap<>();
        Map<String, Set<String>> needs = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<Offer> work = new ArrayList<>(List.of(target));
        chosen.put(target.symbolicName(), target);
        while (!work.isEmpty()) {
            Offer offer = work.remove(0);
            Set<String> providers = needs.computeIfAbsent(offer.symbolicName(), k -> new LinkedHashSet<>());
            for (Clause requirement : offer.requirements()) {
                if (!mandatoryAtResolve(requirement)) {
                    continue;
                }
                Filter filter;
                try {
                    filter = filter(requirement);
                } catch (InvalidSyntaxException e) {
                    problems.add(offer.label() + " has a requirement whose filter is not valid: " + requirement.directives().get("filter"));
                    continue;
                }
                Optional<Offer> inPlan = chosen.values().stream()
                        .filter(o -> provides(o.capabilities(), requirement.namespace(), filter)).findFirst();
                if (inPlan.isPresent()) {
                    if (!inPlan.get().symbolicName().equals(offer.symbolicName())) {
                        providers.add(inPlan.get().symbolicName());
                    }
                    continue;
                }
                boolean runs = running.stream().filter(r -> !chosen.containsKey(r.symbolicName()))
                        .anyMatch(r -> provides(r.capabilities(), requirement.namespace(), filter));
                if (runs) {
                    continue;
                }
                Optional<Offer> candidate = offers.stream()
                        .filter(o -> !chosen.containsKey(o.symbolicName()))
                        // API jars meant for compiling only say so: never install them
                        .filter(o -> o.requirements().stream().noneMatch(r -> r.namespace().equals("osgi.unresolvable")))
                        .filter(o -> provides(o.capabilities(), requirement.namespace(), filter))
                        .max(Comparator.comparing(Offer::version));
                if (candidate.isPresent()) {
                    chosen.put(candidate.get().symbolicName(), candidate.get());
                    providers.add(candidate.get().symbolicName());
                    work.add(candidate.get());
                } else {
                    problems.add(offer.label() + " needs " + describe(requirement)
                            + ", which neither the running platform nor the repositories provide" + nearMiss(requirement));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new Refused("cannot install " + target.label(), problems);
        }
        // New modules that need each other are installed together and resolved as one set; a cycle through a
        // module that runs cannot be: its update would have to wait for modules that wait for it.
        List<String> cycle = cycle(needs);
        if (!cycle.isEmpty() && cycle.stream().anyMatch(bsn -> running.stream().anyMatch(r -> r.symbolicName().equals(bsn)))) {
            throw new Refused("cannot install " + target.label(), List.of("dependency cycle through a running module: "
                    + String.join(" → ", cycle) + "; a running module cannot be updated together with modules that need it and that it needs"));
        }
        List<String> broken = new ArrayList<>();
        for (Offer offer : chosen.values()) {
            running.stream().filter(r -> r.symbolicName().equals(offer.symbolicName())).findFirst()
                    .ifPresent(current -> broken.addAll(breaks(current, offer, chosen)));
        }
        if (!broken.isEmpty()) {
            throw new Refused("refused: installing " + target.label() + " would break running modules", broken);
        }
        List<Step> steps = new ArrayList<>();
        for (String bsn : order(needs)) {
            Offer offer = chosen.get(bsn);
            Optional<Running> current = running.stream().filter(r -> r.symbolicName().equals(bsn)).findFirst();
            if (current.isPresent() && current.get().version().equals(offer.version())) {
                continue;
            }
            steps.add(new Step(current.isPresent() ? "update" : "install", offer,
                    current.map(r -> r.version().toString()).orElse("")));
        }
        return steps;
    }

    /** What a running module uses of {@code current} that {@code replacement} (and nothing else) would no longer give. */
    private List<String> breaks(Running current, Offer replacement, Map<String, Offer> chosen) {
        List<String> broken = new ArrayList<>();
        for (Use use : current.usedBy()) {
            if (chosen.containsKey(use.requirer()) || use.requirer().equals(current.symbolicName())) {
                continue;
            }
            Filter filter;
            try {
                filter = filter(use.requirement());
            } catch (InvalidSyntaxException e) {
                continue;
            }
            String namespace = use.requirement().namespace();
            boolean stillMet = provides(replacement.capabilities(), namespace, filter)
                    || running.stream().filter(r -> !r.symbolicName().equals(current.symbolicName()))
                            .anyMatch(r -> provides(r.capabilities(), namespace, filter));
            if (!stillMet) {
                broken.add("updating " + current.symbolicName() + " from " + current.version() + " to " + replacement.version()
                        + " would break " + use.requirer() + ", which needs " + describe(use.requirement()));
            }
        }
        return broken;
    }

    static boolean mandatoryAtResolve(Clause requirement) {
        String resolution = requirement.directives().get("resolution");
        String effective = requirement.directives().get("effective");
        String filter = requirement.directives().getOrDefault("filter", "");
        return !"optional".equals(resolution) && (effective == null || "resolve".equals(effective))
                // bnd's marker between the parts of a multi-release jar, met inside the jar itself
                && !requirement.namespace().equals("bnd.multirelease")
                // java.* always comes from the Java runtime
                && !(requirement.namespace().equals("osgi.wiring.package") && filter.contains("(osgi.wiring.package=java."));
    }

    private static Filter filter(Clause requirement) throws InvalidSyntaxException {
        String text = requirement.directives().get("filter");
        return text == null ? null : FrameworkUtil.createFilter(text);
    }

    private static boolean provides(List<Clause> capabilities, String namespace, Filter filter) {
        return capabilities.stream().anyMatch(c -> c.namespace().equals(namespace)
                && (filter == null || filter.matches(c.attributes())));
    }

    /** A requirement as a developer reads it in a manifest. */
    static String describe(Clause requirement) {
        String filter = requirement.directives().getOrDefault("filter", "");
        return switch (requirement.namespace()) {
            case "osgi.wiring.package" -> "package " + filter;
            case "osgi.wiring.bundle" -> "bundle " + filter;
            default -> requirement.namespace() + " " + filter;
        };
    }

    /** When the repositories have the thing asked for in other versions, say which: that is what users fix. */
    private String nearMiss(Clause requirement) {
        String key = requirement.namespace();
        String filter = requirement.directives().getOrDefault("filter", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(" + java.util.regex.Pattern.quote(key) + "=([^)]+)\\)").matcher(filter);
        if (!m.find()) {
            return "";
        }
        String name = m.group(1);
        Set<String> versions = new LinkedHashSet<>();
        for (Offer offer : offers) {
            for (Clause c : offer.capabilities()) {
                if (c.namespace().equals(key) && name.equals(String.valueOf(c.attributes().get(key)))) {
                    Object v = c.attributes().getOrDefault("version", c.attributes().get("bundle-version"));
                    versions.add(offer.symbolicName() + " offers " + (v == null ? "it" : "version " + v));
                }
            }
        }
        return versions.isEmpty() ? "" : " (no version in range: " + String.join(", ", versions) + ")";
    }

    /** A cycle among the modules of the plan, as the list of names around it, or an empty list. */
    private static List<String> cycle(Map<String, Set<String>> needs) {
        Map<String, Integer> state = new LinkedHashMap<>();
        for (String start : needs.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, needs, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> needs, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : needs.getOrDefault(node, Set.of())) {
            List<String> found = visit(next, needs, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }

    /** Dependencies before what needs them (the graph has no cycle). */
    private static List<String> order(Map<String, Set<String>> needs) {
        List<String> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String node : needs.keySet()) {
            place(node, needs, done, ordered);
        }
        return ordered;
    }

    private static void place(String node, Map<String, Set<String>> needs, Set<String> done, List<String> ordered) {
        if (!done.add(node)) {
            return;
        }
        for (String next : needs.getOrDefault(node, Set.of())) {
            place(next, needs, done, ordered);
        }
        ordered.add(node);
    }
}

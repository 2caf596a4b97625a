package fr.datagrandest.platform.core.portal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.portal.PortalContribution;

/**
 * Asks every contribution the same question at once and keeps the answers that come in time. A contribution
 * that throws (including a plugin stopped in the middle of the call) or that is too slow is left out of the page
 * and logged, so one plugin can never break or stall the portal.
 */
final class ContributionCalls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContributionCalls.class);

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration budget;
    /** The last failure logged per contribution and question, so a broken plugin does not flood the log. */
    private final Map<String, String> lastFailures = new ConcurrentHashMap<>();

    ContributionCalls(Duration budget) {
        this.budget = budget;
    }

    /**
     * The answers of every contributor, in the contributors' order, nulls removed.
     *
     * @param question what is asked, for the log ({@code "navigation"}, {@code "search"}…)
     */
    <T> List<T> gather(List<Contributor> contributors, String question, Function<PortalContribution, List<T>> call) {
        if (contributors.isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + budget.toNanos();
        List<Future<List<T>>> answers = new ArrayList<>(contributors.size());
        for (Contributor contributor : contributors) {
            try {
                // The copy runs in the task too, so a lazy list that fails or stalls is caught the same way.
                answers.add(executor.submit(() -> copyWithoutNulls(call.apply(contributor.contribution()))));
            } catch (RejectedExecutionException e) {
                return List.of(); // the portal is stopping
            }
        }
        List<T> all = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Contributor contributor = contributors.get(i);
            Future<List<T>> answer = answers.get(i);
            try {
                all.addAll(answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                lastFailures.remove(key(contributor, question));
            } catch (ExecutionException e) {
                failed(contributor, question, String.valueOf(e.getCause()), e.getCause());
            } catch (TimeoutException e) {
                answer.cancel(true);
                failed(contributor, question, "no answer within " + budget.toMillis() + " ms", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answers.subList(i, answers.size()).forEach(f -> f.cancel(true));
                break;
            }
        }
        return all;
    }

    /** Forgets a contribution that went away. */
    void forget(Contributor contributor) {
        lastFailures.keySet().removeIf(k -> k.startsWith(contributor.name() + "#"));
    }

    private static <T> List<T> copyWithoutNulls(List<T> answer) {
        if (answer == null) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(answer);
        copy.removeIf(Objects::isNull);
        return copy;
    }

    private void failed(Contributor contributor, String question, String reason, Throwable cause) {
        String previous = lastFailures.put(key(contributor, question), reason);
        if (!reason.equals(previous)) {
            LOG.warn("The portal contribution {} failed to answer '{}' and is left out of the page: {}",
                    contributor.name(), question, reason);
        }
        if (cause != null) {
            LOG.debug("Failure of the portal contribution {}", contributor.name(), cause);
        }
    }

    private static String key(Contributor contributor, String question) {
        return contributor.name() + "#" + question;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

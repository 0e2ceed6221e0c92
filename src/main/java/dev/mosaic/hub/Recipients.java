package dev.mosaic.hub;

import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.Quote;
import dev.mosaic.store.Store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resolves what a sender wrote in {@code to} to parties: a pane id, a live pane's name (case-insensitive),
 * {@code operator}, or {@code *} for every other live pane. Unknown and ambiguous recipients are refused.
 */
final class Recipients {
    /** A resolved recipient: a pane's or the operator's id and name. */
    record Party(String id, String name) {
    }

    private final Store store;

    Recipients(Store store) {
        this.store = store;
    }

    List<Party> resolve(List<String> to, Caller sender) {
        Map<String, Party> parties = new LinkedHashMap<>();
        for (String t : to) {
            for (Party p : resolveOne(t.strip(), sender)) {
                parties.putIfAbsent(p.id(), p);
            }
        }
        return new ArrayList<>(parties.values());
    }

    private List<Party> resolveOne(String t, Caller sender) {
        if (t.equals("*")) {
            List<Party> others = store.panes().stream()
                    .filter(p -> p.isLive() && !p.id().equals(sender.id()))
                    .map(p -> new Party(p.id(), p.name()))
                    .toList();
            if (others.isEmpty()) {
                throw ApiError.unknownRecipient("\"*\" means every other live pane, and there is none");
            }
            return others;
        }
        if (t.equalsIgnoreCase(Pane.OPERATOR)) {
            return List.of(new Party(Pane.OPERATOR, Pane.OPERATOR));
        }
        List<Pane> matches = new ArrayList<>(store.livePanesNamed(t));
        store.pane(t).filter(p -> p.status() != PaneStatus.STOPPED)
                .filter(p -> matches.stream().noneMatch(m -> m.id().equals(p.id())))
                .ifPresent(matches::add);
        if (matches.isEmpty()) {
            throw ApiError.unknownRecipient("no live pane is named or has the id " + Quote.of(t) + "; live panes: "
                    + livePaneNames());
        }
        if (matches.size() > 1) {
            throw ApiError.ambiguousRecipient(Quote.of(t) + " matches " + matches.stream()
                    .map(p -> p.name() + " (" + p.id() + ")").collect(Collectors.joining(" and "))
                    + "; send to one pane's id instead");
        }
        Pane p = matches.getFirst();
        return List.of(new Party(p.id(), p.name()));
    }

    private String livePaneNames() {
        String names = store.panes().stream().filter(Pane::isLive).map(Pane::name)
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }
}

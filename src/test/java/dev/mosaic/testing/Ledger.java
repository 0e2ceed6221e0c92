package dev.mosaic.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What was sent and what the receiving agent saw, and the figures a user would care about: how many messages never
 * arrived, how many arrived twice without saying so, how many second copies were marked redelivered, and whether
 * each sender's messages arrived in the order it sent them.
 */
public final class Ledger {
    /** The figures of one run. */
    public record Figures(int sent, int seen, int lost, int doubled, int redeliveredCopies, int sendersInOrder,
                          int senders, List<String> firstProblems) {
        public String line(String what) {
            return what + ": sent " + sent + " from " + senders + " senders, seen " + seen + ", lost " + lost
                    + ", doubled " + doubled + ", redelivered copies " + redeliveredCopies + ", order kept for "
                    + sendersInOrder + "/" + senders + " senders";
        }
    }

    /** One delivery as the agent saw it. */
    public record Delivery(String messageId, boolean redelivered) {
    }

    private final Map<String, List<String>> sentBySender = new LinkedHashMap<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    /** Records that a sender's send of messageId succeeded, in the sender's own order. */
    public synchronized void sent(String sender, String messageId) {
        sentBySender.computeIfAbsent(sender, s -> new ArrayList<>()).add(messageId);
    }

    /** Records what the agent saw, in the order it saw it. */
    public synchronized void saw(String messageId, boolean redelivered) {
        deliveries.add(new Delivery(messageId, redelivered));
    }

    public synchronized int sentCount() {
        return sentBySender.values().stream().mapToInt(List::size).sum();
    }

    public synchronized int distinctSeen() {
        Set<String> ids = new HashSet<>();
        deliveries.forEach(d -> ids.add(d.messageId()));
        return ids.size();
    }

    public synchronized Figures figures() {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> firstSeenAt = new HashMap<>();
        int doubled = 0;
        int redeliveredCopies = 0;
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery d = deliveries.get(i);
            if (firstSeenAt.putIfAbsent(d.messageId(), i) != null) {
                if (d.redelivered()) {
                    redeliveredCopies++;
                } else {
                    doubled++;
                    problems.add("second copy without redelivered: " + d.messageId());
                }
            }
        }
        Set<String> allSent = new HashSet<>();
        int lost = 0;
        int inOrder = 0;
        for (Map.Entry<String, List<String>> e : sentBySender.entrySet()) {
            int last = -1;
            boolean ordered = true;
            for (String id : e.getValue()) {
                allSent.add(id);
                Integer at = firstSeenAt.get(id);
                if (at == null) {
                    lost++;
                    problems.add("lost: " + id + " from " + e.getKey());
                } else if (at < last) {
                    ordered = false;
                    problems.add("out of order: " + id + " from " + e.getKey());
                } else {
                    last = at;
                }
            }
            inOrder += ordered ? 1 : 0;
        }
        for (String id : firstSeenAt.keySet()) {
            if (!allSent.contains(id)) {
                problems.add("seen but never sent: " + id);
            }
        }
        return new Figures(allSent.size(), firstSeenAt.size(), lost, doubled, redeliveredCopies, inOrder,
                sentBySender.size(), problems.subList(0, Math.min(10, problems.size())));
    }
}

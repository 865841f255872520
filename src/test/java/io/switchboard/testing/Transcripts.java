package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The checks fault tests make on what a room's {@link ChatMember}s received: the room as Redis has it (its epoch
 * and seq, from a fresh welcome), every member holding every accepted message of that history exactly once and in
 * seq order, the same text under the same seq for everyone, and every sender's outcome agreeing with what the room
 * received.
 */
public final class Transcripts {
    private Transcripts() {
    }

    /** The room as a new member sees it: the welcome's epoch and seq. */
    public record RoomHead(String epoch, long seq) {
    }

    /** Joins {@code room} on {@code node} just to read its welcome. */
    public static RoomHead head(ServerUnderTest node, String room) {
        try (WsClient probe = WsClient.connect(node.ws("broadcast/" + room))) {
            JsonObject welcome = probe.next("welcome");
            return new RoomHead(welcome.getString("epoch"), welcome.getJsonNumber("seq").longValue());
        }
    }

    /** The room's member count on every node, as a new member's welcome gives it (the new member included). */
    public static int members(ServerUnderTest node, String room) {
        try (WsClient probe = WsClient.connect(node.ws("broadcast/" + room))) {
            return probe.next("welcome").getInt("members");
        }
    }

    /** Waits until every member is connected, has no message outstanding and has received up to the room's head. */
    public static RoomHead awaitCaughtUp(ServerUnderTest node, String room, List<ChatMember> members, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RoomHead head = head(node, room);
            boolean caughtUp = members.stream().allMatch(m -> m.settled() && m.reached(head.epoch(), head.seq()));
            if (caughtUp) {
                return head;
            }
            if (System.nanoTime() > deadline) {
                fail("room " + room + " at " + head + ": members not caught up: " + members.stream()
                        .filter(m -> !(m.settled() && m.reached(head.epoch(), head.seq()))).map(ChatMember::toString)
                        .collect(Collectors.joining("; ")));
            }
            sleep();
        }
    }

    /**
     * Every member received seq {@code first}..{@code head.seq()} of {@code head.epoch()} exactly once, in order,
     * with the same text for the same seq.
     *
     * @return seq to text: what the room accepted in that history
     */
    public static Map<Long, String> assertEveryMemberHasEveryMessageOnceInOrder(List<ChatMember> members,
            RoomHead head, long first) {
        Map<Long, String> accepted = new TreeMap<>();
        for (ChatMember member : members) {
            List<Long> seqs = new ArrayList<>();
            for (ChatMember.Received message : member.received()) {
                if (head.epoch().equals(message.epoch())) {
                    seqs.add(message.seq());
                    String before = accepted.putIfAbsent(message.seq(), message.text());
                    if (before != null && !before.equals(message.text())) {
                        fail("seq " + message.seq() + " is '" + before + "' for one member and '" + message.text()
                                + "' for " + member.name());
                    }
                }
            }
            List<Long> expected = new ArrayList<>();
            for (long seq = first; seq <= head.seq(); seq++) {
                expected.add(seq);
            }
            if (!seqs.equals(expected)) {
                fail(member + ": expected seq " + first + ".." + head.seq() + " once each in order; "
                        + describeDifference(expected, seqs));
            }
        }
        return accepted;
    }

    /**
     * Each member's messages of one history are in order without repeats: seq 1..n for some n (a prefix of the
     * history; for a history that was lost, members may have missed its end).
     */
    public static void assertEveryMemberHasAPrefixOnceInOrder(List<ChatMember> members, String epoch) {
        for (ChatMember member : members) {
            long expected = 0;
            for (ChatMember.Received message : member.received()) {
                if (epoch.equals(message.epoch())) {
                    expected = expected == 0 ? message.seq() : expected + 1;
                    assertEquals(expected, message.seq(), member + ": out of order or repeated in epoch " + epoch);
                }
            }
        }
    }

    /**
     * Every text any of {@code members} received in any history, by room: what the rooms accepted, across a
     * history reset too.
     */
    public static Map<String, Set<String>> everythingReceived(List<ChatMember> members) {
        Map<String, Set<String>> texts = new HashMap<>();
        for (ChatMember member : members) {
            Set<String> room = texts.computeIfAbsent(member.room(), r -> new HashSet<>());
            member.received().forEach(message -> room.add(message.text()));
        }
        return texts;
    }

    /**
     * What each sender was told agrees with what the rooms accepted: a message it saw delivered is in its room's
     * history; a refused one is in no history ({@code refusedNeverDelivered}; a refusal after a timeout may
     * hide a delivery, see docs/CLUSTER.md); and every accepted message was sent by a member.
     *
     * @return a one-line summary of the outcomes, for the test's output
     */
    public static String assertSendersToldTheTruth(List<ChatMember> members,
            Map<String, ? extends Collection<String>> acceptedByRoom, boolean refusedNeverDelivered) {
        Map<String, Set<String>> acceptedTexts = new HashMap<>();
        acceptedByRoom.forEach((room, accepted) -> acceptedTexts.put(room, Set.copyOf(accepted)));
        Map<String, ChatMember.Outcome> sentBy = new HashMap<>();
        Map<ChatMember.Outcome, Integer> counts = new TreeMap<>();
        int cutButAccepted = 0;
        for (ChatMember member : members) {
            Set<String> roomAccepted = acceptedTexts.getOrDefault(member.room(), Set.of());
            for (Map.Entry<String, ChatMember.Outcome> entry : member.outcomes().entrySet()) {
                String text = entry.getKey();
                sentBy.put(text, entry.getValue());
                counts.merge(entry.getValue(), 1, Integer::sum);
                switch (entry.getValue()) {
                    case DELIVERED -> assertTrue(roomAccepted.contains(text),
                            member.name() + " saw '" + text + "' delivered, but its room's history lacks it");
                    case REFUSED -> assertTrue(!refusedNeverDelivered || !roomAccepted.contains(text),
                            member.name() + " was told '" + text + "' was refused, but it was delivered");
                    case CUT -> cutButAccepted += roomAccepted.contains(text) ? 1 : 0;
                }
            }
        }
        for (Map.Entry<String, Set<String>> room : acceptedTexts.entrySet()) {
            for (String text : room.getValue()) {
                assertTrue(sentBy.containsKey(text), "room " + room.getKey() + " holds '" + text + "', which nobody sent");
            }
        }
        return "outcomes " + counts + " (cut but accepted: " + cutButAccepted + ")";
    }

    private static String describeDifference(List<Long> expected, List<Long> actual) {
        List<Long> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<Long> extra = new ArrayList<>(actual);
        for (Long seq : expected) {
            extra.remove(seq);
        }
        return "missing " + abbreviate(missing) + ", repeated or unexpected " + abbreviate(extra) + ", got "
                + actual.size() + " messages";
    }

    private static String abbreviate(List<Long> seqs) {
        return seqs.size() <= 20 ? seqs.toString() : seqs.subList(0, 20) + "... (" + seqs.size() + ")";
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

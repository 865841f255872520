package io.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * 200 clients on a real Tomcat for 20 s across 10 rooms: half stay connected the whole time, half keep leaving
 * and rejoining; all chat and send direct messages to the stayers. Afterwards every stayer has every broadcast
 * of its room in seq order and every direct message that was acknowledged to it, and nothing leaks.
 */
class StressTest {
    private static final int CLIENTS = 200;
    private static final int ROOMS = 10;
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final long PAUSE_MILLIS = 200;

    /** A stayer's two connections and what it was told at the start. */
    private record Stayer(WsClient chat, WsClient relay, String relayId, long firstSeq) {
    }

    @Test
    void everyStayerGetsEveryBroadcastOfItsRoomInOrderAndEveryAckedDirectMessage() throws Exception {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of("switchboard.maxConnectionsPerAddress", "1000"))) {
            List<Stayer> stayers = new ArrayList<>();
            for (int i = 0; i < CLIENTS / 2; i++) {
                WsClient chat = WsClient.connect(tomcat.ws("broadcast/stress-" + (i % ROOMS)));
                long firstSeq = chat.next("welcome").getJsonNumber("seq").longValue() + 1;
                WsClient relay = WsClient.connect(tomcat.ws("relay"));
                String id = relay.next("welcome").getString("id");
                stayers.add(new Stayer(chat, relay, id, firstSeq));
            }
            List<String> stayerIds = stayers.stream().map(Stayer::relayId).toList();
            Map<String, Set<String>> ackedTo = new ConcurrentHashMap<>();
            stayerIds.forEach(id -> ackedTo.put(id, ConcurrentHashMap.newKeySet()));

            long deadline = System.nanoTime() + RUN.toNanos();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                Thread thread = new Thread(() -> {
                    try {
                        if (client < CLIENTS / 2) {
                            stay(stayers.get(client), client, stayerIds, deadline);
                        } else {
                            churn(tomcat, client, stayerIds, ackedTo, deadline);
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }, "stress-client-" + i);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(RUN.plusSeconds(60).toMillis());
            }
            assertEquals(List.of(), failures);

            for (Stayer stayer : stayers) {
                checkBroadcasts(stayer, tomcat);
                checkDirect(stayer, ackedTo.get(stayer.relayId()));
            }
            for (Stayer stayer : stayers) {
                stayer.chat().close();
                stayer.relay().close();
            }
            Wait.until("every session closed", Duration.ofSeconds(30), () -> tomcat.get("status").body()
                    .contains("\"sessions\":{\"echo\":0,\"relay\":0,\"broadcast\":0},\"relayPeers\":0"));
            assertTrue(tomcat.app().broker().rooms() <= ROOMS);
            Wait.until("no per-address state", () -> tomcat.app().connectionLimits().addresses() == 0);
            assertEquals(0, tomcat.app().peers().all().size());
        }
    }

    /** A stayer chats in its room until the deadline; its received frames stay queued for the checks. */
    private static void stay(Stayer stayer, int client, List<String> stayerIds, long deadline) throws Exception {
        int n = 0;
        while (System.nanoTime() < deadline) {
            stayer.chat().send("{\"username\":\"c" + client + "\",\"text\":\"c" + client + ":" + n++ + "\"}");
            Thread.sleep(PAUSE_MILLIS + ThreadLocalRandom.current().nextLong(PAUSE_MILLIS));
        }
    }

    /** A churner joins a room and the relay, chats and sends acknowledged direct messages, leaves, repeats. */
    private static void churn(EmbeddedTomcat tomcat, int client, List<String> stayerIds, Map<String, Set<String>> ackedTo,
            long deadline) throws Exception {
        int n = 0;
        while (System.nanoTime() < deadline) {
            try (WsClient chat = WsClient.connect(tomcat.ws("broadcast/stress-" + (client % ROOMS)));
                    WsClient relay = WsClient.connect(tomcat.ws("relay"))) {
                chat.next("welcome");
                relay.next("welcome");
                Map<String, String[]> pending = new HashMap<>();
                for (int k = 0; k < 5 && System.nanoTime() < deadline; k++) {
                    chat.send("{\"username\":\"c" + client + "\",\"text\":\"c" + client + ":" + n + "\"}");
                    String to = stayerIds.get(ThreadLocalRandom.current().nextInt(stayerIds.size()));
                    String text = "d" + client + ":" + n;
                    pending.put("r" + n, new String[] {to, text});
                    relay.send("{\"type\":\"send\",\"to\":\"" + to + "\",\"text\":\"" + text + "\",\"ref\":\"r" + n + "\"}");
                    n++;
                    Thread.sleep(PAUSE_MILLIS);
                }
                while (!pending.isEmpty()) {
                    JsonObject reply = relay.nextMatching(j -> "ack".equals(j.getString("type")));
                    String[] sent = pending.remove(reply.getString("ref"));
                    ackedTo.get(sent[0]).add(sent[1]);
                }
            }
        }
    }

    private static void checkBroadcasts(Stayer stayer, EmbeddedTomcat tomcat) {
        String room = null;
        long expected = stayer.firstSeq();
        Map<String, Integer> lastPerSender = new HashMap<>();
        while (stayer.chat().pending() > 0) {
            JsonObject frame = stayer.chat().nextJson();
            if (!"chat".equals(frame.getString("type"))) {
                continue;
            }
            room = frame.getString("room");
            assertEquals(expected++, frame.getJsonNumber("seq").longValue(), "no gap and no reorder in " + room);
            String[] parts = frame.getString("text").split(":");
            int previous = lastPerSender.getOrDefault(parts[0], -1);
            assertTrue(Integer.parseInt(parts[1]) > previous, "each sender's messages in its order");
            lastPerSender.put(parts[0], Integer.parseInt(parts[1]));
        }
        assertTrue(room != null, "the stayer received broadcasts");
        assertEquals(tomcat.app().broker().describe(room).seq(), expected - 1,
                "the stayer has every message up to the room's last");
    }

    private static void checkDirect(Stayer stayer, Set<String> acked) {
        Set<String> received = new HashSet<>();
        while (stayer.relay().pending() > 0) {
            JsonObject frame = stayer.relay().nextJson();
            if ("message".equals(frame.getString("type"))) {
                received.add(frame.getString("text"));
            }
        }
        assertTrue(received.containsAll(acked), "every acknowledged direct message arrived");
    }
}

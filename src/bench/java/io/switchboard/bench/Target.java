package io.switchboard.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One side of the comparison the generator prints: where a scenario's clients connect and whose CPU its figures
 * count. {@code mvn -Pbench verify} compares Switchboard with the bare baseline on one server; the cluster
 * variant compares one node alone with several nodes sharing a Redis. With several nodes, connection {@code i}
 * of a scenario goes to node {@code i mod n} (subscribers split evenly, relay partners on different nodes) and
 * a room's publisher to the first node.
 *
 * @param name     the result's target in results.json ({@code switchboard}, {@code baseline}, {@code single},
 *                 {@code cluster})
 * @param label    the column's heading in the table
 * @param bases    WebSocket base URLs ({@code ws://host:port/context}), one per node
 * @param welcomes whether the endpoints send a welcome (Switchboard does, the bare baseline does not)
 * @param probe    CPU of the server process(es) and of Redis, if any
 */
record Target(String name, String label, List<String> bases, boolean welcomes, ServerProbe probe) {

    /** Connection {@code i}'s URI for an endpoint path ({@code /echo}, {@code /relay}, {@code /broadcast/room}). */
    URI uri(int i, String path) {
        return URI.create(bases.get(Math.floorMod(i, bases.size())) + path);
    }

    int nodes() {
        return bases.size();
    }

    /** {@code GET <base>/status} of every node (Switchboard only; the baseline has no status page). */
    List<URI> statusUris() {
        List<URI> out = new ArrayList<>();
        if (welcomes) {
            for (String base : bases) {
                out.add(URI.create(base.replaceFirst("^ws", "http") + "/status"));
            }
        }
        return out;
    }
}

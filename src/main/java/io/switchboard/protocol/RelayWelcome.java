package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * First relay frame: the new client's id (and, with authentication, its user) and the ids of the others
 * connected to the relay.
 */
@JsonbPropertyOrder({"type", "id", "user", "peers"})
public record RelayWelcome(String type, String id, String user, List<String> peers) implements ServerMessage {
    public RelayWelcome(String id, String user, List<String> peers) {
        this("welcome", id, user, List.copyOf(peers));
    }
}

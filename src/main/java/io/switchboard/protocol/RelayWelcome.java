package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** First relay frame: the new client's id and the ids of the others connected to the relay. */
@JsonbPropertyOrder({"type", "id", "peers"})
public record RelayWelcome(String type, String id, List<String> peers) implements ServerMessage {
    public RelayWelcome(String id, List<String> peers) {
        this("welcome", id, List.copyOf(peers));
    }
}

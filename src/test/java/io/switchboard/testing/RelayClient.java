package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;

/** A client connected to {@code /relay}, with the id and the peer list its welcome carried. */
public record RelayClient(WsClient ws, String id, List<String> peers) implements AutoCloseable {

    public static RelayClient connect(ServerUnderTest server) {
        WsClient ws = WsClient.connect(server.ws("relay"));
        JsonObject welcome = ws.nextJson();
        assertEquals("welcome", welcome.getString("type"), "the first relay frame is the welcome: " + welcome);
        List<String> peers = welcome.getJsonArray("peers").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString)
                .toList();
        return new RelayClient(ws, welcome.getString("id"), peers);
    }

    @Override
    public void close() {
        ws.close();
    }
}

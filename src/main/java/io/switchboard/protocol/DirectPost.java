package io.switchboard.protocol;

/**
 * A backend's direct message to one relay client through the HTTP API, {@code {"text":"..."}}: the relay
 * {@code send} without {@code to} (the URL names the recipient) and without {@code ref}.
 */
public record DirectPost(String text) {

    /** The post in {@code json}, or a {@code bad-json} error. */
    public static DirectPost decode(String json) throws ProtocolError {
        return JsonObjects.bind(json, DirectPost.class);
    }

    /** The relay message this post becomes for client {@code to}, if its fields are acceptable. */
    public RelaySend toSend(String to, int textMaxChars) throws ProtocolError {
        return new RelaySend(RelaySend.TYPE, to, text, null).validated(textMaxChars);
    }
}

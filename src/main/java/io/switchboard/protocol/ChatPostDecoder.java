package io.switchboard.protocol;

import jakarta.websocket.Decoder;

/** JSON-B decoder for chat frames: {@code {"username":"amy","text":"hi"}}, with {@code "type":"chat"} optional. */
public final class ChatPostDecoder implements Decoder.Text<ChatPost> {

    @Override
    public ChatPost decode(String frame) throws ProtocolError {
        ChatPost post = JsonObjects.bind(frame, ChatPost.class);
        JsonObjects.requireType(post.type(), ChatPost.TYPE, true);
        return post;
    }

    @Override
    public boolean willDecode(String frame) {
        return true;
    }
}

package io.switchboard.protocol;

/** Reads chat frames with JSON-B: {@code {"username":"amy","text":"hi"}}, with {@code "type":"chat"} optional. */
public final class ChatPostDecoder {

    public ChatPost decode(String frame) throws ProtocolError {
        ChatPost post = JsonObjects.bind(frame, ChatPost.class);
        JsonObjects.requireType(post.type(), ChatPost.TYPE, true);
        return post;
    }
}

package io.switchboard.protocol;

/**
 * Reads relay frames with JSON-B. Accepts {@code {"type":"send","to":"3","text":"hi"}} and the tutorial's
 * plain {@code 3:hi} form; anything else is a {@link ProtocolError} with the code to report.
 */
public final class RelaySendDecoder {

    public RelaySend decode(String frame) throws ProtocolError {
        if (JsonObjects.looksLikeObject(frame)) {
            RelaySend send = JsonObjects.bind(frame, RelaySend.class);
            JsonObjects.requireType(send.type(), RelaySend.TYPE, false);
            return send;
        }
        int colon = frame.indexOf(':');
        if (colon <= 0) {
            throw new ProtocolError(ErrorCode.BAD_JSON, "expected a JSON object or the form id:text");
        }
        return new RelaySend(RelaySend.TYPE, frame.substring(0, colon), frame.substring(colon + 1), null);
    }
}

package io.switchboard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client WebSocket connection (RFC 6455) on a non-blocking {@link SocketChannel}, served by a {@link Loop}.
 *
 * <p>The generator shares two CPUs with the server, so its own cost per message decides how much CPU is left
 * for the server: the JDK's {@code java.net.http.WebSocket} spent about 8 us of CPU per received broadcast
 * here, more than the server itself. This client parses frames in place in the loop's buffer and hands the
 * bytes to its {@link Receiver} without decoding them into strings; it reads everything that arrives (a
 * subscriber never stops reading), and queues what it sends, writing as much as the socket takes.
 *
 * <p>How frames leave ({@code -Dbench.writes}): {@code per-frame} (the default) writes every frame with a
 * {@code SocketChannel.write} call of its own at the moment it is sent, as a browser does (every socket has
 * TCP_NODELAY), so the server reads and pays for each frame separately; a frame the socket cannot take whole
 * keeps its remainder, which is finished on OP_WRITE before the next frame is written (frames are never merged).
 * {@code coalesced} gathers every frame a connection queued during one loop pass into one write call, as
 * event-loop clients that flush per pass do; it hides per-frame server costs.
 */
final class Conn {

    /** Gets every whole text message of one connection, on its loop thread, one at a time. */
    interface Receiver {
        void onMessage(Conn conn, Msg msg);
    }

    /** True for one write call per frame ({@code -Dbench.writes=per-frame}), false for one per loop pass. */
    static volatile boolean perFrame = true;
    /** Write calls made and frames (and handshake requests) queued, over every connection. */
    static final java.util.concurrent.atomic.LongAdder WRITE_CALLS = new java.util.concurrent.atomic.LongAdder();
    static final java.util.concurrent.atomic.LongAdder FRAMES_QUEUED = new java.util.concurrent.atomic.LongAdder();

    private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.ISO_8859_1);
    private static final int CONNECTING = 0;
    private static final int HANDSHAKE = 1;
    private static final int OPEN = 2;
    private static final int CLOSED = 3;

    final int index;
    final Samples samples = new Samples();
    volatile Receiver receiver;
    /** Whole text messages received (written by the loop thread only). */
    volatile long received;
    /** Messages a scenario counted (written by the loop thread only). */
    volatile long hits;
    /** Error frames ({@code "type":"error"}) the server answered with (written by the loop thread only). */
    volatile long errors;
    /** The first error frame received, for the report. */
    volatile String firstErrorFrame;
    /** Scenario state owned by the connection's receiver. */
    Object state;
    /** Server-side id (relay). */
    volatile String id;

    final CompletableFuture<Conn> opened = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile int closeCode = -1;
    volatile String closeReason = "";
    volatile Throwable error;

    private Loop loop;
    private SocketChannel channel;
    private SelectionKey key;
    private URI uri;
    private String wsKey;
    private volatile int phase = CONNECTING;

    // loop thread only
    private byte[] carry;
    private int carryLength;
    private ByteArrayOutputStream fragments;
    private boolean fragmentedText;

    // guarded by this
    private byte[] out;
    private int outPos;
    private int outLen;
    private boolean writeInterest;
    private boolean dirty;
    private boolean closeSent;
    /** Per-frame mode: the unwritten bytes of each queued frame, oldest first, from outPos on (a ring). */
    private int[] frameBytes = new int[8];
    private int frameHead;
    private int frameCount;
    private int maskSeed = ThreadLocalRandom.current().nextInt() | 1;

    Conn(int index, Receiver receiver) {
        this.index = index;
        this.receiver = receiver;
    }

    /** Starts connecting on {@code loop}; {@link #opened} completes after the opening handshake. */
    CompletableFuture<Conn> connect(Loop loop, URI uri) {
        this.loop = loop;
        this.uri = uri;
        loop.execute(() -> {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                boolean connected = channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
                key = channel.register(loop.selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
                if (connected) {
                    startHandshake();
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        });
        return opened;
    }

    boolean isClosed() {
        return closed.isDone();
    }

    private static final byte[] ERROR = Msg.pattern("\"error\"");

    /** True (and counted) when {@code m} is an error frame rather than what the scenario expects. */
    boolean isError(Msg m) {
        if (!m.contains(ERROR)) {
            return false;
        }
        if (errors++ == 0) {
            firstErrorFrame = m.toString();
        }
        return true;
    }

    /** Error frames over {@code conns}, with the first one seen, for a result. */
    static void putErrors(Result r, java.util.Collection<Conn> conns) {
        long n = 0;
        String first = null;
        for (Conn c : conns) {
            n += c.errors;
            if (first == null) {
                first = c.firstErrorFrame;
            }
        }
        r.put("errorReplies", n);
        if (first != null) {
            r.put("firstErrorReply", first);
        }
    }

    // ---- sending

    /** Queues a text message (ASCII); written at once, or at the end of the loop's pass from a receiver. */
    void send(String text) {
        sendFrame(0x1, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends and waits until the socket took it all: the caller feels the server's back-pressure. */
    void sendAndWait(String text) throws InterruptedException {
        send(text);
        synchronized (this) {
            while (outLen > outPos && phase != CLOSED) {
                wait(100);
            }
        }
    }

    /** Starts a normal close (1000); the server's close frame completes {@link #closed}. */
    void close() {
        if (phase == OPEN) {
            sendFrame(0x8, new byte[] {0x03, (byte) 0xE8});
        } else {
            abort();
        }
    }

    /** Drops the connection without a close handshake. */
    void abort() {
        terminate(-2, "aborted by the generator");
    }

    private void sendFrame(int opcode, byte[] payload) {
        synchronized (this) {
            if (closeSent || phase == CLOSED) {
                return;
            }
            if (opcode == 0x8) {
                closeSent = true;
            }
            int length = payload.length;
            int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
            ensure(header + 4 + length);
            byte[] b = out;
            int p = outLen;
            b[p++] = (byte) (0x80 | opcode);
            if (length < 126) {
                b[p++] = (byte) (0x80 | length);
            } else if (length < 65536) {
                b[p++] = (byte) (0x80 | 126);
                b[p++] = (byte) (length >>> 8);
                b[p++] = (byte) length;
            } else {
                b[p++] = (byte) (0x80 | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    b[p++] = (byte) ((long) length >>> shift);
                }
            }
            int mask = nextMask();
            byte m0 = (byte) (mask >>> 24);
            byte m1 = (byte) (mask >>> 16);
            byte m2 = (byte) (mask >>> 8);
            byte m3 = (byte) mask;
            b[p++] = m0;
            b[p++] = m1;
            b[p++] = m2;
            b[p++] = m3;
            for (int i = 0; i < length; i++) {
                byte m = switch (i & 3) {
                    case 0 -> m0;
                    case 1 -> m1;
                    case 2 -> m2;
                    default -> m3;
                };
                b[p++] = (byte) (payload[i] ^ m);
            }
            queued(p - outLen);
            outLen = p;
            requestFlush();
        }
    }

    private int nextMask() {
        int x = maskSeed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        maskSeed = x;
        return x;
    }

    private void ensure(int more) {
        if (out == null) {
            out = new byte[Math.max(256, Integer.highestOneBit(more) << 1)];
            return;
        }
        if (outLen + more <= out.length) {
            return;
        }
        int live = outLen - outPos;
        if (outPos > 0 && live + more <= out.length) {
            System.arraycopy(out, outPos, out, 0, live);
        } else {
            byte[] grown = new byte[Math.max(out.length * 2, Integer.highestOneBit(live + more) << 1)];
            System.arraycopy(out, outPos, grown, 0, live);
            out = grown;
        }
        outPos = 0;
        outLen = live;
    }

    /** Records one queued frame of {@code bytes} (lock held). */
    private void queued(int bytes) {
        FRAMES_QUEUED.increment();
        if (!perFrame) {
            return;
        }
        if (frameCount == frameBytes.length) {
            int[] grown = new int[frameBytes.length * 2];
            for (int i = 0; i < frameCount; i++) {
                grown[i] = frameBytes[(frameHead + i) % frameBytes.length];
            }
            frameBytes = grown;
            frameHead = 0;
        }
        frameBytes[(frameHead + frameCount) % frameBytes.length] = bytes;
        frameCount++;
    }

    /** Called with the lock held after queuing bytes. */
    private void requestFlush() {
        if (writeInterest || channel == null || phase == CONNECTING) {
            return; // the loop writes when the socket is writable / connected
        }
        if (!perFrame && Thread.currentThread() == loop.thread && loop.inPass) {
            if (!dirty) {
                dirty = true;
                loop.markDirty(this);
            }
            return;
        }
        writeNow();
    }

    /** End of the loop's pass: writes what the receivers queued during it. */
    synchronized void flushFromLoop() {
        dirty = false;
        if (!writeInterest && outLen > outPos && phase != CLOSED) {
            writeNow();
        }
    }

    /** Writes what is queued (lock held): frame by frame, or all at once when coalescing. */
    private void writeNow() {
        try {
            if (perFrame) {
                while (frameCount > 0) {
                    int n = frameBytes[frameHead];
                    ByteBuffer b = ByteBuffer.wrap(out, outPos, n);
                    WRITE_CALLS.increment();
                    int written = channel.write(b);
                    outPos += written;
                    if (written < n) {
                        frameBytes[frameHead] = n - written; // finished on OP_WRITE, before the next frame
                        break;
                    }
                    frameHead = (frameHead + 1) % frameBytes.length;
                    frameCount--;
                }
            } else {
                ByteBuffer b = ByteBuffer.wrap(out, outPos, outLen - outPos);
                WRITE_CALLS.increment();
                channel.write(b);
                outPos = b.position();
            }
            if (outPos == outLen) {
                outPos = 0;
                outLen = 0;
                if (writeInterest) {
                    writeInterest = false;
                    key.interestOps(SelectionKey.OP_READ);
                }
                notifyAll();
            } else if (!writeInterest) {
                writeInterest = true;
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                if (Thread.currentThread() != loop.thread) {
                    loop.selector.wakeup();
                }
            }
        } catch (IOException | RuntimeException e) {
            loop.execute(() -> fail(e));
        }
    }

    // ---- loop thread

    void ready(SelectionKey k) {
        try {
            if (k.isConnectable()) {
                channel.finishConnect();
                k.interestOps(SelectionKey.OP_READ);
                startHandshake();
                return;
            }
            if (k.isWritable()) {
                synchronized (this) {
                    writeNow();
                }
            }
            if (k.isValid() && k.isReadable()) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void startHandshake() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        wsKey = Base64.getEncoder().encodeToString(nonce);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + wsKey
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        synchronized (this) {
            phase = HANDSHAKE;
            ensure(bytes.length);
            System.arraycopy(bytes, 0, out, outLen, bytes.length);
            outLen += bytes.length;
            queued(bytes.length);
            writeNow();
        }
    }

    private void read() throws IOException {
        ByteBuffer buf = loop.readBuffer;
        buf.clear();
        if (carryLength > 0) {
            buf.put(carry, 0, carryLength);
            carryLength = 0;
        }
        int n = channel.read(buf);
        if (n < 0) {
            terminate(closeCode == -1 ? 1006 : closeCode, closeCode == -1 ? "connection lost" : closeReason);
            return;
        }
        byte[] a = buf.array();
        int end = buf.position();
        int pos = 0;
        if (phase == HANDSHAKE) {
            int headerEnd = endOfHeaders(a, end);
            if (headerEnd < 0) {
                keep(a, 0, end);
                return;
            }
            acceptHandshake(new String(a, 0, headerEnd, StandardCharsets.ISO_8859_1));
            if (phase != OPEN) {
                return;
            }
            pos = headerEnd + 4;
        }
        pos = frames(a, pos, end);
        if (pos < end && phase == OPEN) {
            keep(a, pos, end - pos);
        }
    }

    private void keep(byte[] a, int from, int length) {
        if (carry == null || carry.length < length) {
            carry = new byte[Math.max(length, 1024)];
        }
        System.arraycopy(a, from, carry, 0, length);
        carryLength = length;
    }

    private static int endOfHeaders(byte[] a, int end) {
        for (int i = 0; i + 3 < end; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void acceptHandshake(String head) {
        String expected;
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(wsKey.getBytes(StandardCharsets.ISO_8859_1));
            expected = Base64.getEncoder().encodeToString(sha1.digest(GUID));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String status = head.substring(0, head.indexOf('\r') < 0 ? head.length() : head.indexOf('\r'));
        if (!status.startsWith("HTTP/1.1 101") || !head.toLowerCase().contains(expected.toLowerCase())) {
            fail(new IOException("handshake refused: " + status));
            return;
        }
        phase = OPEN;
        opened.complete(this);
    }

    /** Parses and handles the complete frames in a[pos, end); returns where the first incomplete one starts. */
    private int frames(byte[] a, int pos, int end) {
        while (end - pos >= 2) {
            int b0 = a[pos] & 0xff;
            int b1 = a[pos + 1] & 0xff;
            long length = b1 & 0x7f;
            int header = 2;
            if (length == 126) {
                if (end - pos < 4) {
                    break;
                }
                length = ((a[pos + 2] & 0xff) << 8) | (a[pos + 3] & 0xff);
                header = 4;
            } else if (length == 127) {
                if (end - pos < 10) {
                    break;
                }
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | (a[pos + 2 + i] & 0xff);
                }
                header = 10;
            }
            boolean masked = (b1 & 0x80) != 0;
            if (masked) {
                header += 4;
            }
            if (length > Loop.READ_BUFFER / 2) {
                fail(new IOException("frame of " + length + " bytes is too large for the generator"));
                return end;
            }
            if (end - pos < header + length) {
                break;
            }
            int p = pos + header;
            int l = (int) length;
            if (masked) {
                for (int i = 0; i < l; i++) {
                    a[p + i] ^= a[p - 4 + (i & 3)];
                }
            }
            frame((b0 & 0x80) != 0, b0 & 0x0f, a, p, l);
            pos = p + l;
            if (phase == CLOSED) {
                return end;
            }
        }
        return pos;
    }

    private void frame(boolean fin, int opcode, byte[] a, int p, int l) {
        switch (opcode) {
            case 0x0, 0x1, 0x2 -> {
                if (opcode != 0 && fin && fragments == null) {
                    if (opcode == 0x1) {
                        deliver(a, p, l);
                    }
                    return;
                }
                if (opcode != 0) {
                    fragments = new ByteArrayOutputStream(Math.max(1024, l * 2));
                    fragmentedText = opcode == 0x1;
                }
                if (fragments != null) {
                    fragments.write(a, p, l);
                    if (fin) {
                        byte[] whole = fragments.toByteArray();
                        fragments = null;
                        if (fragmentedText) {
                            deliver(whole, 0, whole.length);
                        }
                    }
                }
            }
            case 0x8 -> {
                int code = l >= 2 ? ((a[p] & 0xff) << 8) | (a[p + 1] & 0xff) : 1005;
                String reason = l > 2 ? new String(a, p + 2, l - 2, StandardCharsets.UTF_8) : "";
                closeCode = code;
                closeReason = reason;
                sendFrame(0x8, l >= 2 ? new byte[] {a[p], a[p + 1]} : new byte[0]);
                synchronized (this) {
                    if (outLen > outPos) {
                        writeNow();
                    }
                }
                terminate(code, reason);
            }
            case 0x9 -> {
                byte[] payload = new byte[l];
                System.arraycopy(a, p, payload, 0, l);
                sendFrame(0xA, payload);
            }
            default -> {
                // pong: nothing to do
            }
        }
    }

    private void deliver(byte[] a, int p, int l) {
        received++;
        Receiver r = receiver;
        if (r != null) {
            r.onMessage(this, loop.msg.set(a, p, l));
        }
    }

    private void fail(Throwable e) {
        if (error == null) {
            error = e;
        }
        terminate(closeCode == -1 ? 1006 : closeCode, String.valueOf(e.getMessage()));
    }

    private void terminate(int code, String reason) {
        synchronized (this) {
            if (phase == CLOSED) {
                return;
            }
            phase = CLOSED;
            notifyAll();
        }
        if (closeCode == -1) {
            closeCode = code;
            closeReason = reason;
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        opened.completeExceptionally(error != null ? error : new IOException("closed " + code + " " + reason));
        closed.complete(closeCode);
    }
}

package io.switchboard.outbox;

/** Outbox events a test does not look at. */
final class NoEvents implements Outbox.Events {
    static final NoEvents INSTANCE = new NoEvents();

    @Override
    public void slowConsumer() {
    }

    @Override
    public void sent(int frames) {
    }

    @Override
    public void failed(Throwable cause) {
    }
}

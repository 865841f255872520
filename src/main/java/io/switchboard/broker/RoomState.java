package io.switchboard.broker;

/** What a room is at one moment: its latest {@code seq} and how many members it has (on every node). */
public record RoomState(String name, long seq, int members) {
}

package io.switchboard.broker;

/** What {@code /status} says about the cluster: how many nodes are alive, and whether Redis answers ("up"/"down"). */
public record ClusterStatus(int nodes, String redis) {
}

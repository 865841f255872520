package io.switchboard.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that keep the cluster's shared state consistent: each runs atomically in Redis, so a
 * message's number, its place in history and its announcement to the nodes happen as one step. Time comes from
 * Redis ({@code TIME}), never from a node's clock. Key layout (all under {@link Keys#PREFIX}):
 * <pre>
 *   sb:room:NAME          hash  seq, epoch          the room's numbering and the name of its history
 *   sb:room:NAME:log      stream, ids SEQ-0, field m  the room's history (MAXLEN ~ history.size)
 *   sb:room:NAME:members  hash  node -> members     members per node
 *   sb:rooms              zset  name -> last use    rooms that exist (maxRooms), pruned after room.idleSeconds
 *   sb:nodes              zset  node -> heartbeat   live nodes
 *   sb:node:ID:rooms      set                       rooms where node ID has members (cleaned when it dies)
 *   sb:node:ID:relay      set                       relay ids on node ID
 *   sb:relay              hash  id -> left frame    every relay peer of the cluster
 * channels: sb:room:NAME ("C epoch seq json" | "P members [joiner]"), sb:relay ("J order id json" | "L order id json"),
 *           sb:relay:order (counter),
 *           sb:node:ID ("D req origin to json" | "A req status")
 * </pre>
 * Keys are built inside the scripts from names: this needs a single Redis (or a primary with replicas), not
 * Redis Cluster.
 */
final class Scripts {

    /** One script and its SHA-1, for EVALSHA (EVAL when Redis no longer has it, e.g. after a restart). */
    record Script(String name, String text, String sha) {
        static Script of(String name, String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(name, text, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    private static final String TOTAL = """
            local function total(key)
              local sum = 0
              for _, v in ipairs(redis.call('HVALS', key)) do sum = sum + tonumber(v) end
              return sum
            end
            """;

    /**
     * A member joins room NAME on node NODE. KEYS: meta, log, members, rooms, nodeRooms. ARGV: epoch candidate,
     * name, node, idle seconds, maxRooms, channel, the joiner's id (not told of its own join). Returns {seq, epoch, members}, or {-1} at the room limit.
     */
    static final Script JOIN = Script.of("join", NOW + TOTAL + """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ARGV[4]) * 1000)
              if not redis.call('ZSCORE', KEYS[4], ARGV[2]) and redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[5]) then
                return {-1}
              end
              redis.call('DEL', KEYS[2])
              redis.call('HSET', KEYS[1], 'seq', 0, 'epoch', ARGV[1])
            end
            redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
            redis.call('SADD', KEYS[5], ARGV[2])
            redis.call('EXPIRE', KEYS[1], ARGV[4])
            redis.call('EXPIRE', KEYS[2], ARGV[4])
            redis.call('EXPIRE', KEYS[3], ARGV[4])
            redis.call('ZADD', KEYS[4], now, ARGV[2])
            local members = total(KEYS[3])
            redis.call('PUBLISH', ARGV[6], 'P ' .. members .. ' ' .. ARGV[7])
            return {tonumber(redis.call('HGET', KEYS[1], 'seq')), redis.call('HGET', KEYS[1], 'epoch'), members}
            """);

    /**
     * A member leaves. KEYS: members, nodeRooms. ARGV: node, name, channel, idle seconds. Returns the members
     * left. The last member of the room starts its idle time: its keys expire room.idleSeconds from now.
     */
    static final Script LEAVE = Script.of("leave", NOW + TOTAL + """
            local left = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
            if left <= 0 then
              redis.call('HDEL', KEYS[1], ARGV[1])
              redis.call('SREM', KEYS[2], ARGV[2])
            end
            local members = total(KEYS[1])
            if members == 0 and redis.call('EXISTS', 'sb:room:' .. ARGV[2]) == 1 then
              redis.call('EXPIRE', 'sb:room:' .. ARGV[2], ARGV[4])
              redis.call('EXPIRE', 'sb:room:' .. ARGV[2] .. ':log', ARGV[4])
              redis.call('ZADD', 'sb:rooms', now, ARGV[2])
            end
            redis.call('PUBLISH', ARGV[3], 'P ' .. members)
            return {members}
            """);

    /**
     * Numbers, stores and announces one chat message. KEYS: meta, log, rooms, busy. ARGV: epoch candidate, head,
     * tail, history size, idle seconds, channel, name. Returns {seq, epoch, busy}: busy is how many more
     * milliseconds a node has asked the room's publishers to pause (0 or less: none).
     */
    static final Script PUBLISH = Script.of("publish", NOW + """
            if redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1]) == 1 then
              redis.call('DEL', KEYS[2])
            end
            -- the stream entry first: a script is not rolled back, so a refused XADD must leave seq as it was
            local seq = (tonumber(redis.call('HGET', KEYS[1], 'seq')) or 0) + 1
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            local message = ARGV[2] .. seq .. ARGV[3]
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], seq .. '-0', 'm', message)
            redis.call('HSET', KEYS[1], 'seq', seq)
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            redis.call('EXPIRE', KEYS[2], ARGV[5])
            redis.call('ZADD', KEYS[3], now, ARGV[7])
            redis.call('PUBLISH', ARGV[6], 'C ' .. epoch .. ' ' .. seq .. ' ' .. message)
            return {seq, epoch, redis.call('PTTL', KEYS[4])}
            """);

    /**
     * The tick's look at this node's rooms: keeps the keys of those with members (on any node) from expiring,
     * so that a room without members lives room.idleSeconds after its last member or message, and returns, per
     * room, its seq and epoch ({-1, ''} when its history is gone). ARGV: idle seconds, name...
     */
    static final Script TOUCH = Script.of("touch", NOW + """
            local result = {}
            for i = 2, #ARGV do
              local meta = 'sb:room:' .. ARGV[i]
              if redis.call('HLEN', meta .. ':members') > 0 then
                redis.call('EXPIRE', meta, ARGV[1])
                redis.call('EXPIRE', meta .. ':log', ARGV[1])
                redis.call('EXPIRE', meta .. ':members', ARGV[1])
                redis.call('ZADD', 'sb:rooms', now, ARGV[i])
              end
              local state = redis.call('HMGET', meta, 'seq', 'epoch')
              if state[1] and state[2] then
                result[#result + 1] = tonumber(state[1])
                result[#result + 1] = state[2]
              else
                result[#result + 1] = -1
                result[#result + 1] = ''
              end
            end
            return result
            """);

    /**
     * This node is alive. ARGV: node, ttl ms, idle seconds. Returns {added (1 when the node was not
     * registered), live nodes, rooms, relay peers, dead node...}.
     */
    static final Script HEARTBEAT = Script.of("heartbeat", NOW + """
            local added = redis.call('ZADD', 'sb:nodes', now, ARGV[1])
            local cutoff = now - tonumber(ARGV[2])
            local live = redis.call('ZCOUNT', 'sb:nodes', '(' .. cutoff, '+inf')
            redis.call('ZREMRANGEBYSCORE', 'sb:rooms', '-inf', now - tonumber(ARGV[3]) * 1000)
            local result = {added, live, redis.call('ZCARD', 'sb:rooms'), redis.call('HLEN', 'sb:relay')}
            for _, node in ipairs(redis.call('ZRANGEBYSCORE', 'sb:nodes', '-inf', cutoff)) do
              result[#result + 1] = node
            end
            return result
            """);

    /**
     * Removes a node's members and relay peers and tells the others. ARGV: node, mode ('dead': only if the node
     * is still registered, so one node cleans up; 'self': this node starting or stopping). Returns 1 if cleaned.
     */
    static final Script REAP = Script.of("reap", TOTAL + """
            local node = ARGV[1]
            if redis.call('ZREM', 'sb:nodes', node) == 0 and ARGV[2] == 'dead' then
              return {0}
            end
            local rooms = 'sb:node:' .. node .. ':rooms'
            for _, name in ipairs(redis.call('SMEMBERS', rooms)) do
              local members = 'sb:room:' .. name .. ':members'
              if redis.call('HDEL', members, node) == 1 then
                redis.call('PUBLISH', 'sb:room:' .. name, 'P ' .. total(members))
              end
            end
            redis.call('DEL', rooms)
            local relay = 'sb:node:' .. node .. ':relay'
            for _, id in ipairs(redis.call('SMEMBERS', relay)) do
              local left = redis.call('HGET', 'sb:relay', id)
              if left then
                redis.call('HDEL', 'sb:relay', id)
                local order = redis.call('INCR', 'sb:relay:order')
                redis.call('PUBLISH', 'sb:relay', 'L ' .. order .. ' ' .. id .. ' ' .. left)
              end
            end
            redis.call('DEL', relay)
            return {1}
            """);

    /**
     * A relay peer becomes addressable. KEYS: sb:relay, nodeRelay. ARGV: id, joined frame, left frame.
     * Returns {order, every relay id in the cluster (the new one included)}: order numbers relay entries and
     * departures, so a node tells each local peer only of changes after its own welcome.
     */
    static final Script ENTER_RELAY = Script.of("enter-relay", """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('SADD', KEYS[2], ARGV[1])
            local order = redis.call('INCR', 'sb:relay:order')
            redis.call('PUBLISH', 'sb:relay', 'J ' .. order .. ' ' .. ARGV[1] .. ' ' .. ARGV[2])
            local result = redis.call('HKEYS', KEYS[1])
            table.insert(result, 1, order)
            return result
            """);

    /** A relay peer goes. KEYS: sb:relay, nodeRelay. ARGV: id, left frame. */
    static final Script LEAVE_RELAY = Script.of("leave-relay", """
            redis.call('SREM', KEYS[2], ARGV[1])
            if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
              local order = redis.call('INCR', 'sb:relay:order')
              redis.call('PUBLISH', 'sb:relay', 'L ' .. order .. ' ' .. ARGV[1] .. ' ' .. ARGV[2])
            end
            return {1}
            """);

    /**
     * Puts this node's member count of one room back (after Redis lost it, or this node was taken for dead).
     * KEYS: members, nodeRooms. ARGV: node, count, name, channel, idle seconds. Returns {members}.
     */
    static final Script RESYNC_ROOM = Script.of("resync-room", TOTAL + """
            if tonumber(ARGV[2]) > 0 then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
              redis.call('SADD', KEYS[2], ARGV[3])
              redis.call('EXPIRE', KEYS[1], ARGV[5])
            else
              redis.call('HDEL', KEYS[1], ARGV[1])
              redis.call('SREM', KEYS[2], ARGV[3])
            end
            local members = total(KEYS[1])
            redis.call('PUBLISH', ARGV[4], 'P ' .. members)
            return {members}
            """);

    /**
     * Renames a room's history when its seq went back (Redis restarted from an older snapshot or AOF) so that
     * no number means two messages. KEYS: meta. ARGV: the epoch seen, the new epoch. Returns {current epoch}.
     */
    static final Script RENAME_HISTORY = Script.of("rename-history", """
            if redis.call('HGET', KEYS[1], 'epoch') == ARGV[1] then
              redis.call('HSET', KEYS[1], 'epoch', ARGV[2])
            end
            return {redis.call('HGET', KEYS[1], 'epoch') or ''}
            """);

    private Scripts() {
    }
}

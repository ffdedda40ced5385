package dev.gatehouse.agent.trust;

import io.netty.util.collection.LongObjectHashMap;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nonces of the assertions accepted while those assertions could still be accepted, so that a
 * second use of one is refused. Exact and bounded: a nonce is kept until the second its assertion
 * stops being accepted and dropped then, never earlier; with {@code capacity} nonces held, a new
 * assertion is turned away ({@link Sight#FULL}) rather than an old nonce forgotten, which would let
 * its assertion be used again.
 *
 * <p>Each nonce is kept as a 64-bit hash, grouped by the second it may be forgotten: a replay
 * carries the same expiry, so it is looked for in one group, and a second that has passed is
 * dropped whole. 24 to 48 bytes per nonce (a hash table at most half full): the default capacity
 * holds every assertion of 28,000 requests a second at the edge's default lifetime (30 s) and clock
 * skew (5 s).
 */
public final class ReplayGuard {

  /** What a nonce is to the guard. */
  public enum Sight {
    FIRST,
    REPLAY,
    FULL
  }

  public static final int DEFAULT_CAPACITY = 1_000_000;

  private static final Logger log = LoggerFactory.getLogger(ReplayGuard.class);

  private final int capacity;
  private final NavigableMap<Long, LongObjectHashMap<Boolean>> bySecond = new TreeMap<>();
  private int size;
  private long warnedAtSecond = Long.MIN_VALUE / 2;

  public ReplayGuard(int capacity) {
    this.capacity = capacity;
  }

  /** Records {@code nonce}, whose assertion is accepted until {@code forgetAtSecond} (epoch). */
  public synchronized Sight see(String nonce, long forgetAtSecond) {
    forgetPassed(System.currentTimeMillis() / 1000);
    LongObjectHashMap<Boolean> group = bySecond.get(forgetAtSecond);
    long hash = hash(nonce);
    if (group != null && group.containsKey(hash)) {
      return Sight.REPLAY;
    }
    if (size >= capacity) {
      long now = System.currentTimeMillis() / 1000;
      if (now - warnedAtSecond >= 60) {
        warnedAtSecond = now;
        log.warn(
            "{} assertions live at once, as many as this agent tells replays among: turning"
                + " requests away until some expire (a shorter agent_assertion.ttl on the edge"
                + " lets fewer live at once)",
            size);
      }
      return Sight.FULL;
    }
    if (group == null) {
      group = new LongObjectHashMap<>();
      bySecond.put(forgetAtSecond, group);
    }
    group.put(hash, Boolean.TRUE);
    size++;
    return Sight.FIRST;
  }

  synchronized int size() {
    return size;
  }

  private void forgetPassed(long nowSecond) {
    Iterator<LongObjectHashMap<Boolean>> passed = bySecond.headMap(nowSecond).values().iterator();
    while (passed.hasNext()) {
      size -= passed.next().size();
      passed.remove();
    }
  }

  /**
   * 64-bit FNV-1a. Only the edge, holding the secret, makes nonces, so nobody can choose them to
   * collide; that any two of a million random ones share a hash is a chance under one in ten
   * million.
   */
  private static long hash(String nonce) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < nonce.length(); i++) {
      hash ^= nonce.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}

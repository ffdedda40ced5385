package dev.gatehouse.shared.net;

import dev.gatehouse.shared.config.ConfigNode;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of IP addresses given as CIDRs in config ({@code 10.0.0.0/8}, {@code 10.8.0.1}, {@code
 * ::1/128}): the proxies whose {@code X-Forwarded-For} the edge believes, the sources the agent
 * accepts connections from.
 */
public final class AddressSet {

  private final List<IpSubnetFilterRule> rules;

  private AddressSet(List<IpSubnetFilterRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static AddressSet none() {
    return new AddressSet(List.of());
  }

  public static AddressSet from(ConfigNode node, String key) {
    return from(node, key, List.of());
  }

  /** The CIDRs under {@code key}, or {@code defaults} when the key is absent. */
  public static AddressSet from(ConfigNode node, String key, List<String> defaults) {
    List<IpSubnetFilterRule> rules = new ArrayList<>();
    List<String> cidrs = node.strings(key, defaults);
    for (int i = 0; i < cidrs.size(); i++) {
      String cidr = cidrs.get(i);
      int slash = cidr.indexOf('/');
      String address = slash < 0 ? cidr : cidr.substring(0, slash);
      InetAddress ip = parse(address);
      try {
        if (ip == null) {
          throw new IllegalArgumentException();
        }
        int bits = ip.getAddress().length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException();
        }
        rules.add(new IpSubnetFilterRule(ip, prefix, IpFilterRuleType.ACCEPT));
      } catch (IllegalArgumentException e) {
        throw node.error(
            key + "[" + i + "]", "'" + cidr + "' is not an IP address or CIDR (e.g. 10.0.0.0/8)");
      }
    }
    return new AddressSet(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** Whether {@code ip} (a literal address) is in the set. */
  public boolean contains(String ip) {
    InetAddress address = parse(ip);
    if (address == null) {
      return false;
    }
    InetSocketAddress socket = new InetSocketAddress(address, 0);
    for (IpSubnetFilterRule rule : rules) {
      if (rule.matches(socket)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code host} is {@code localhost} or a literal loopback address. */
  public static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    InetAddress address = parse(host);
    return address != null && address.isLoopbackAddress();
  }

  /**
   * Whether {@code host} is loopback or a literal address no one on the internet can reach: the
   * private ranges (10/8, 172.16/12, 192.168/16, IPv6 fc00::/7), shared address space (100.64/10,
   * as VPN meshes use) and link-local. Never a wildcard, which is every address at once.
   */
  public static boolean isPrivate(String host) {
    if (isLoopback(host)) {
      return true;
    }
    InetAddress address = parse(host);
    if (address == null || address.isAnyLocalAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    boolean sharedSpace = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc;
    return address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || sharedSpace
        || uniqueLocal;
  }

  /** A literal IP address, or null; never a DNS lookup, so never blocks. */
  public static InetAddress parse(String text) {
    return text == null ? null : NetUtil.createInetAddressFromIpAddressString(text.trim());
  }
}

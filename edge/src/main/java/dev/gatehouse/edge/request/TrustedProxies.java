package dev.gatehouse.edge.request;

import dev.gatehouse.shared.config.ConfigNode;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies (CIDRs) in front of the edge whose {@code X-Forwarded-For} is believed, e.g. a CDN
 * or a second load balancer. Empty by default: then only the socket address counts.
 */
public final class TrustedProxies {

  private final List<IpSubnetFilterRule> rules;

  private TrustedProxies(List<IpSubnetFilterRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static TrustedProxies none() {
    return new TrustedProxies(List.of());
  }

  public static TrustedProxies from(ConfigNode node, String key) {
    List<IpSubnetFilterRule> rules = new ArrayList<>();
    List<String> cidrs = node.strings(key, List.of());
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
        throw node.error(key + "[" + i + "]", "'" + cidr + "' is not an IP address or CIDR (e.g. 10.0.0.0/8)");
      }
    }
    return new TrustedProxies(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** Whether {@code ip} (a literal address) is one of the trusted proxies. */
  public boolean trusts(String ip) {
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

  /** A literal IP address, or null; never a DNS lookup, so never blocks. */
  static InetAddress parse(String text) {
    return text == null ? null : NetUtil.createInetAddressFromIpAddressString(text.trim());
  }
}

package dev.gatehouse.shared.wireguard;

import java.util.regex.Matcher;
import picocli.CommandLine;

/** IPv4 addresses as numbers, for counting hosts in the tunnel subnet. */
final class Ipv4 {

  private Ipv4() {}

  /** The address in groups 1 to 4 of a {@link WgInitMain#SUBNET} match. */
  static long parse(Matcher parts) {
    long value = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(parts.group(i));
      if (octet > 255) {
        throw new CommandLine.ParameterException(
            new CommandLine(new WgInitMain()), "--subnet: octet " + octet + " > 255");
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  static String dotted(long ip) {
    return ((ip >> 24) & 255)
        + "."
        + ((ip >> 16) & 255)
        + "."
        + ((ip >> 8) & 255)
        + "."
        + (ip & 255);
  }
}

package dev.gatehouse.shared.wireguard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The WireGuard config templates bundled under {@code /wireguard}, with {@code ${NAME}} filled. */
final class WgTemplates {

  private WgTemplates() {}

  static String render(String template, Map<String, String> values) {
    String text;
    try (InputStream in = WgTemplates.class.getResourceAsStream("/wireguard/" + template)) {
      if (in == null) {
        throw new IllegalStateException(
            "template wireguard/" + template + " is missing from the jar");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("${" + value.getKey() + "}", value.getValue());
    }
    return text;
  }
}

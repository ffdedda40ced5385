package dev.gatehouse.edge.tls;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;
import java.util.Set;

/**
 * The public listener's TLS: PEM files, TLS 1.2 and 1.3 only, the configured cipher suites (modern
 * forward-secret AEAD ones by default), HTTP/2 and HTTP/1.1 by ALPN; the bundled OpenSSL
 * (BoringSSL) engine where its native library loads, else the JDK's.
 */
public final class TlsOptions {

  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private TlsOptions() {}

  public static HttpServerOptions apply(HttpServerOptions options, TlsConfig tls) {
    if (OpenSSLEngineOptions.isAvailable()) {
      options.setSslEngineOptions(new OpenSSLEngineOptions());
    }
    tls.ciphers().forEach(options::addEnabledCipherSuite);
    return options
        .setSsl(true)
        .setKeyCertOptions(
            new PemKeyCertOptions()
                .setCertPath(tls.cert().toString())
                .setKeyPath(tls.key().toString()))
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
  }
}

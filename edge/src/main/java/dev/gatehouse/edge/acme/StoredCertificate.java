package dev.gatehouse.edge.acme;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The leaf of the certificate chain in the state folder, and what decides whether to reuse it. */
public record StoredCertificate(X509Certificate leaf) {

  public String serial() {
    return leaf.getSerialNumber().toString(16);
  }

  public Instant notBefore() {
    return leaf.getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return leaf.getNotAfter().toInstant();
  }

  public Duration lifetime() {
    return Duration.between(notBefore(), notAfter());
  }

  /** The temporary certificate the edge makes itself to start before the first issuance. */
  public boolean selfSigned() {
    return leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
  }

  /** Whether every one of {@code domains} is among the certificate's DNS names. */
  public boolean covers(List<String> domains) {
    return dnsNames().containsAll(domains);
  }

  private Set<String> dnsNames() {
    Set<String> names = new HashSet<>();
    try {
      Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> name : alternatives) {
          // 2 is dNSName in RFC 5280's GeneralName
          if (Integer.valueOf(2).equals(name.get(0))) {
            names.add(String.valueOf(name.get(1)).toLowerCase());
          }
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }
}

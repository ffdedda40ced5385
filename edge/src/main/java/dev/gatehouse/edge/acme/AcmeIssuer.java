package dev.gatehouse.edge.acme;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.shredzone.acme4j.toolbox.JoseUtils;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * One ACME conversation with the CA, blocking from start to end (acme4j's I/O is synchronous): log
 * in with the stored account key, order the domains, answer each HTTP-01 challenge through {@link
 * ChallengeTokens}, finalize with a fresh key and download the chain. Runs on a worker thread only.
 */
final class AcmeIssuer {

  /** How long the CA may take to validate one challenge or to finalize the order. */
  static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

  record Issued(List<X509Certificate> chain, KeyPair key) {}

  private final AcmeConfig config;
  private final AcmeFiles files;
  private final ChallengeTokens tokens;

  AcmeIssuer(AcmeConfig config, AcmeFiles files, ChallengeTokens tokens) {
    // acme4j makes and reads keys and signing requests through Bouncy Castle, by provider name.
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
    this.config = config;
    this.files = files;
    this.tokens = tokens;
  }

  /** Registers the account (or finds it again by its key) and returns the login. */
  Login login() throws AcmeException, IOException {
    KeyPair accountKey = files.accountKey();
    tokens.put(ChallengeTokens.PROBE, thumbprint(accountKey));
    AccountBuilder account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
    config.email().ifPresent(account::addEmail);
    return account.createLogin(session());
  }

  /**
   * The CA's suggested renewal time for {@code certificate} (ACME Renewal Information, RFC 9773),
   * when the CA offers it.
   */
  Optional<RenewalSchedule.Window> suggestedWindow(Login login, X509Certificate certificate)
      throws AcmeException {
    if (login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isEmpty()) {
      return Optional.empty();
    }
    RenewalInfo info = login.bindRenewalInfo(certificate);
    return Optional.of(
        new RenewalSchedule.Window(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd()));
  }

  /** Orders a certificate for the configured domains; {@code replacing} is told to the CA (ARI). */
  Issued issue(Login login, Optional<X509Certificate> replacing)
      throws AcmeException, InterruptedException {
    OrderBuilder builder = login.newOrder().domains(config.domains());
    if (replacing.isPresent()
        && login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent()) {
      builder.replaces(replacing.get());
    }
    Order order = builder.create();
    for (Authorization authorization : order.getAuthorizations()) {
      if (authorization.getStatus() != Status.VALID) {
        authorize(authorization);
      }
    }
    KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
    order.execute(key);
    if (order.waitForCompletion(STEP_TIMEOUT) != Status.VALID) {
      throw new AcmeException("the order failed: " + problem(order.getError()));
    }
    return new Issued(order.getCertificate().getCertificateChain(), key);
  }

  private void authorize(Authorization authorization) throws AcmeException, InterruptedException {
    String domain = authorization.getIdentifier().getDomain();
    Http01Challenge challenge =
        authorization
            .findChallenge(Http01Challenge.class)
            .orElseThrow(
                () -> new AcmeException("the CA offers no http-01 challenge for " + domain));
    tokens.put(challenge.getToken(), challenge.getAuthorization());
    tokens.share(challenge.getToken(), challenge.getAuthorization());
    try {
      challenge.trigger();
      if (challenge.waitForCompletion(STEP_TIMEOUT) != Status.VALID) {
        throw new AcmeException(
            "the http-01 challenge for " + domain + " failed: " + problem(challenge.getError()));
      }
    } finally {
      tokens.remove(challenge.getToken());
    }
  }

  private static String problem(Optional<Problem> problem) {
    return problem.map(Problem::toString).orElse("no reason given");
  }

  private Session session() {
    if (config.trust().isEmpty()) {
      return new Session(config.directory());
    }
    return new Session(config.directory(), new TrustingProvider(sslContext(config.trust().get())));
  }

  /** The account key's JWK thumbprint, as in every key authorization (RFC 8555, 8.1). */
  static String thumbprint(KeyPair accountKey) {
    return AcmeUtils.base64UrlEncode(JoseUtils.thumbprint(accountKey.getPublic()));
  }

  private static SSLContext sslContext(Path trust) {
    try (InputStream in = Files.newInputStream(trust)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, ca);
      }
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the ACME trust file " + trust, e);
    }
  }

  /** The generic provider, trusting only the configured CA certificates for the ACME API. */
  private static final class TrustingProvider extends GenericAcmeProvider {
    private final SSLContext context;

    TrustingProvider(SSLContext context) {
      this.context = context;
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings) {
      return new HttpConnector(settings) {
        @Override
        public HttpClient.Builder createClientBuilder() {
          return super.createClientBuilder().sslContext(context);
        }
      };
    }
  }
}

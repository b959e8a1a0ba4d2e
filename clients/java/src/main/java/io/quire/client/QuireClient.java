package io.quire.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.quire.v1.BlobServiceGrpc;
import io.quire.v1.LedgerServiceGrpc;
import io.quire.v1.LogServiceGrpc;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A connection to one or more Quire gateways over gRPC. Every call carries the token (as
 * {@code authorization: Bearer}) and the deadline; a call that cannot reach a gateway
 * (UNAVAILABLE) moves on to the next endpoint. Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (QuireClient client = QuireClient.builder().endpoint("127.0.0.1:9090").build()) { ... }
 * }</pre>
 */
public final class QuireClient implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<Channel> intercepted = new ArrayList<>();
  private final AtomicInteger current = new AtomicInteger();
  private final Duration timeout;
  private final RetryPolicy retry;

  private QuireClient(Builder b) {
    if (b.endpoints.isEmpty()) throw new IllegalArgumentException("at least one endpoint (host:port)");
    this.timeout = b.timeout;
    this.retry = b.retry;
    ChannelCredentials creds = b.credentials();
    ClientInterceptor auth = b.token == null ? null : new BearerToken(b.token);
    for (String endpoint : b.endpoints) {
      ManagedChannelBuilder<?> cb = Grpc.newChannelBuilder(endpoint, creds).maxInboundMessageSize(64 << 20);
      if (b.serverName != null) cb.overrideAuthority(b.serverName);
      ManagedChannel ch = cb.build();
      channels.add(ch);
      intercepted.add(auth == null ? ch : ClientInterceptors.intercept(ch, auth));
    }
  }

  public static Builder builder() { return new Builder(); }

  /** A named log (docs/logs.md). */
  public Log log(String name) { return new Log(this, name); }

  /** Blobs of any size, streamed (docs/blobs.md). */
  public Blobs blobs() { return new Blobs(this); }

  /** Raw ledgers. */
  public Ledgers ledgers() { return new Ledgers(this); }

  Duration timeout() { return timeout; }

  RetryPolicy retry() { return retry; }

  /** The channel calls go through now (after a failover, the next endpoint's). */
  Channel channel() { return intercepted.get(Math.floorMod(current.get(), intercepted.size())); }

  LogServiceGrpc.LogServiceBlockingStub logs() { return LogServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS); }

  LedgerServiceGrpc.LedgerServiceBlockingStub ledgerStub() { return LedgerServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS); }

  BlobServiceGrpc.BlobServiceBlockingStub blobStub() { return BlobServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS); }

  /** After UNAVAILABLE: the next call tries the next endpoint. */
  void failed(QuireException e) {
    if (e.status() == Status.Code.UNAVAILABLE && channels.size() > 1) current.incrementAndGet();
  }

  /** One call, converted to QuireException, and nothing else: for requests unsafe to repeat. */
  <T> T once(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      QuireException q = QuireException.of(e);
      failed(q);
      throw q;
    }
  }

  /** A call that is safe to repeat, retried on retryable errors under the client's policy. */
  <T> T retried(Supplier<T> call) { return retried(retry, QuireException::retryable, call); }

  <T> T retried(RetryPolicy policy, Function<QuireException, Boolean> retryable, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(call);
      } catch (QuireException e) {
        if (!retryable.apply(e) || attempt >= policy.attempts()) throw e;
        RetryPolicy.sleep(policy.delayMs(attempt, e));
      }
    }
  }

  @Override
  public void close() {
    for (ManagedChannel ch : channels) ch.shutdownNow();
    for (ManagedChannel ch : channels) {
      try {
        ch.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Adds {@code authorization: Bearer <token>} to every call, asking the supplier each time (tokens expire). */
  private record BearerToken(Supplier<String> token) implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          headers.put(AUTHORIZATION, "Bearer " + token.get());
          super.start(listener, headers);
        }
      };
    }
  }

  /** Builds a {@link QuireClient}; only an endpoint is required. */
  public static final class Builder {
    private final List<String> endpoints = new ArrayList<>();
    private Supplier<String> token;
    private boolean tls;
    private File ca;
    private File cert;
    private File key;
    private String serverName;
    private Duration timeout = Duration.ofSeconds(30);
    private RetryPolicy retry = RetryPolicy.DEFAULT;

    private Builder() {}

    /** A gateway's gRPC address, host:port; several for failover (tried in order). */
    public Builder endpoint(String... hostPorts) {
      endpoints.addAll(List.of(hostPorts));
      return this;
    }

    public Builder endpoints(List<String> hostPorts) {
      endpoints.addAll(hostPorts);
      return this;
    }

    /** A fixed bearer token (a JWT the gateway's --auth-* settings accept). */
    public Builder token(String jwt) {
      this.token = () -> jwt;
      return this;
    }

    /** A token asked for on every call, for tokens that are refreshed. */
    public Builder token(Supplier<String> supplier) {
      this.token = supplier;
      return this;
    }

    /** TLS with the system's trusted roots. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** TLS trusting the CA certificates in this PEM file (a gateway run with --tls-cert). */
    public Builder tlsCa(File caPem) {
      this.tls = true;
      this.ca = caPem;
      return this;
    }

    /** A client certificate and its key (PEM), for a gateway run with --tls-client-ca. */
    public Builder clientCertificate(File certPem, File keyPem) {
      this.tls = true;
      this.cert = certPem;
      this.key = keyPem;
      return this;
    }

    /** The name the gateway's certificate must carry, when not the endpoint's host. */
    public Builder serverName(String name) {
      this.serverName = name;
      return this;
    }

    /** The deadline of each call (default 30 s); streams (tail, blobs) are not bounded by it. */
    public Builder timeout(Duration d) {
      this.timeout = d;
      return this;
    }

    /** Retries of retryable errors for calls safe to repeat (default {@link RetryPolicy#DEFAULT}). */
    public Builder retry(RetryPolicy p) {
      this.retry = p;
      return this;
    }

    ChannelCredentials credentials() {
      if (!tls) return InsecureChannelCredentials.create();
      try {
        TlsChannelCredentials.Builder t = TlsChannelCredentials.newBuilder();
        if (ca != null) t.trustManager(ca);
        if (cert != null) t.keyManager(cert, key);
        return t.build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public QuireClient build() { return new QuireClient(this); }
  }
}

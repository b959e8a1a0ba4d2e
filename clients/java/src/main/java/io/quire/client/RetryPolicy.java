package io.quire.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How retryable errors are retried: {@code attempts} tries in all (1 = no retry), waiting
 * {@code baseDelay} doubling per try with jitter (or the gateway's quire-retry-after-ms), capped at
 * {@code maxDelay}. Only operations safe to repeat use it: reads, cursor moves, close/recover and
 * appends carrying a producer id and sequence.
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {
  /** 5 tries, 50 ms doubling to 5 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(50), Duration.ofSeconds(5));
  /** One try. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofMillis(50), Duration.ofSeconds(5));

  public RetryPolicy {
    if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
  }

  public RetryPolicy withAttempts(int n) { return new RetryPolicy(n, baseDelay, maxDelay); }

  /** The jittered wait before try {@code attempt + 1}. */
  long delayMs(int attempt, QuireException e) {
    long d = e != null && e.retryAfterMs() > 0 ? e.retryAfterMs() : baseDelay.toMillis() << Math.min(attempt - 1, 20);
    d = Math.min(d, maxDelay.toMillis());
    return (long) (d * (0.5 + ThreadLocalRandom.current().nextDouble()));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw QuireException.local("CANCELLED", io.grpc.Status.Code.CANCELLED, "interrupted");
    }
  }
}

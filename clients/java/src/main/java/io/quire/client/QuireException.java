package io.quire.client;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A Quire gateway error: the stable code (LEDGER_CLOSED, NO_SUCH_LEDGER, ...) and whether sending
 * the same request again is safe, read from the trailing metadata the gateway puts on every error
 * (quire-error-code, quire-retryable, quire-retry-after-ms, quire-last-entry-id, quire-error-field).
 * The codes are the table in docs/errors.md; {@link #retryable()} is the only test the SDK's
 * retries use.
 */
public final class QuireException extends RuntimeException {
  private static final Metadata.Key<String> CODE = key("quire-error-code");
  private static final Metadata.Key<String> RETRYABLE = key("quire-retryable");
  private static final Metadata.Key<String> RETRY_AFTER_MS = key("quire-retry-after-ms");
  private static final Metadata.Key<String> LAST_ENTRY_ID = key("quire-last-entry-id");
  private static final Metadata.Key<String> FIELD = key("quire-error-field");

  private final String code;
  private final Status.Code status;
  private final boolean retryable;
  private final Long lastEntryId;
  private final String field;
  private final long retryAfterMs;

  private QuireException(String code, Status.Code status, String message, boolean retryable, Long lastEntryId, String field, long retryAfterMs, Throwable cause) {
    super(code + " (" + status + "): " + message, cause);
    this.code = code;
    this.status = status;
    this.retryable = retryable;
    this.lastEntryId = lastEntryId;
    this.field = field;
    this.retryAfterMs = retryAfterMs;
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  /** An error raised by the client itself (SHUTTING_DOWN, DIGEST_MISMATCH, ...), never retryable. */
  public static QuireException local(String code, Status.Code status, String message) {
    return new QuireException(code, status, message, false, null, null, 0L, null);
  }

  /** Any failure of a call, as a QuireException (gRPC's own errors through {@link #from}). */
  public static QuireException of(Throwable t) {
    if (t instanceof QuireException q) return q;
    if (t instanceof StatusRuntimeException s) return from(s);
    if (t instanceof io.grpc.StatusException s) return from(new StatusRuntimeException(s.getStatus(), s.getTrailers()));
    Status st = Status.fromThrowable(t);
    return new QuireException(st.getCode().name(), st.getCode(), String.valueOf(t.getMessage()), st.getCode() == Status.Code.UNAVAILABLE, null, null, 0L, t);
  }

  /** Without Quire's trailers (the gateway was not reached) the code is gRPC's, and only UNAVAILABLE is retryable. */
  public static QuireException from(StatusRuntimeException e) {
    Metadata md = e.getTrailers() != null ? e.getTrailers() : new Metadata();
    Status.Code status = e.getStatus().getCode();
    String code = md.get(CODE) != null ? md.get(CODE) : status.name();
    boolean retryable = md.get(RETRYABLE) != null ? "true".equals(md.get(RETRYABLE)) : status == Status.Code.UNAVAILABLE;
    Long last = md.get(LAST_ENTRY_ID) != null ? Long.valueOf(md.get(LAST_ENTRY_ID)) : null;
    long after = md.get(RETRY_AFTER_MS) != null ? Long.parseLong(md.get(RETRY_AFTER_MS)) : 0L;
    String message = e.getStatus().getDescription() != null ? e.getStatus().getDescription() : "";
    return new QuireException(code, status, message, retryable, last, md.get(FIELD), after, e);
  }

  public String code() { return code; }
  public Status.Code status() { return status; }
  public boolean retryable() { return retryable; }
  /** The sealed end, for errors about a closed or fenced ledger; null when not known. */
  public Long lastEntryId() { return lastEntryId; }
  public String field() { return field; }
  public long retryAfterMs() { return retryAfterMs; }
}

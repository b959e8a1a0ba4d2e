package io.quire.client;

import io.quire.v1.LogRecord;

/** A record read from a log; {@code key} is null when none was sent, {@code sequence} -1 without a producer. */
public record Message(long offset, byte[] data, byte[] key, long timestampMs, String producerId, long sequence) {
  static Message of(LogRecord r) {
    return new Message(r.getOffset(), r.getData().toByteArray(), r.hasKey() ? r.getKey().toByteArray() : null, r.getTimestampMs(), r.getProducerId(), r.hasSequence() ? r.getSequence() : -1L);
  }

  /** The payload as UTF-8 text. */
  public String text() { return new String(data, java.nio.charset.StandardCharsets.UTF_8); }
}

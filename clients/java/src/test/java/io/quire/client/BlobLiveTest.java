package io.quire.client;

import static io.quire.client.Live.client;
import static io.quire.client.Live.env;
import static io.quire.client.Live.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.quire.v1.BlobInfo;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Blobs streamed both ways with their SHA-256 checked, against a live gateway. */
class BlobLiveTest {
  /**
   * A 3.5 MiB blob (four messages) uploaded from bytes, from a file and from a stream of unknown
   * size, read back byte for byte with its digest; an upload whose bytes do not match the digest
   * it declares is refused with BLOB_DIGEST_MISMATCH and leaves nothing behind.
   */
  @Test
  void blobRoundTripAndDigestMismatch() throws Exception {
    try (QuireClient c = client(env("QUIRE_ENDPOINT"))) {
      Blobs blobs = c.blobs();
      byte[] data = new byte[(7 << 20) / 2];
      new Random(42).nextBytes(data);
      String hex = HexFormat.of().formatHex(Blobs.sha256().digest(data));
      String name = unique("java-blob");
      BlobInfo put = blobs.put(name, data);
      assertEquals(data.length, put.getSize());
      assertEquals(hex, put.getSha256());
      assertArrayEquals(data, blobs.read(name));
      assertEquals(hex, blobs.stat(name).getSha256());

      Path file = Files.createTempFile("quire-java-blob", ".bin");
      try {
        Files.write(file, data);
        assertEquals(hex, blobs.putFile(name + "-file", file, Blobs.PutOptions.DEFAULT).getSha256());
      } finally {
        Files.delete(file);
      }
      assertEquals(hex, blobs.put(name + "-stream", new ByteArrayInputStream(data), null, Blobs.PutOptions.DEFAULT).getSha256());
      assertArrayEquals(data, blobs.read(name + "-stream"));

      byte[] wrong = Blobs.sha256().digest("something else".getBytes());
      String refusedName = unique("java-blob-bad");
      QuireException refused = assertThrows(QuireException.class, () -> blobs.put(refusedName, data, Blobs.PutOptions.DEFAULT.withSha256(wrong)));
      assertEquals("BLOB_DIGEST_MISMATCH", refused.code());
      assertEquals(Status.Code.INVALID_ARGUMENT, refused.status());
      assertFalse(refused.retryable());
      QuireException gone = assertThrows(QuireException.class, () -> blobs.stat(refusedName));
      assertEquals(Status.Code.NOT_FOUND, gone.status(), "nothing was stored: " + gone.code());

      QuireException exists = assertThrows(QuireException.class, () -> blobs.put(name, data, Blobs.PutOptions.DEFAULT.withIfNoneMatch()));
      assertEquals(Status.Code.ALREADY_EXISTS, exists.status(), "create-only on an existing blob: " + exists.code());
      blobs.delete(name);
      assertEquals(Status.Code.NOT_FOUND, assertThrows(QuireException.class, () -> blobs.stat(name)).status());
    }
  }
}

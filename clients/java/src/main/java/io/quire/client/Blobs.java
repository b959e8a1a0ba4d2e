package io.quire.client;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quire.v1.BlobInfo;
import io.quire.v1.BlobServiceGrpc;
import io.quire.v1.DeleteBlobRequest;
import io.quire.v1.GetBlobRequest;
import io.quire.v1.GetBlobResponse;
import io.quire.v1.ListBlobsRequest;
import io.quire.v1.ListBlobsResponse;
import io.quire.v1.PutBlobHeader;
import io.quire.v1.PutBlobRequest;
import io.quire.v1.PutBlobResponse;
import io.quire.v1.StatBlobRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Blobs of any size (docs/blobs.md), streamed both ways in 1 MiB messages. An upload carries the
 * SHA-256 in its header when it is known first (bytes, files, or given): the gateway checks it
 * before the blob becomes visible and refuses a mismatch (INVALID_ARGUMENT, BLOB_DIGEST_MISMATCH,
 * nothing stored). Downloads are hashed as they arrive; a whole blob that does not match its
 * recorded digest fails with DATA_LOSS (DIGEST_MISMATCH). Uploads are never retried.
 */
public final class Blobs {
  static final int CHUNK = 1 << 20;

  private final QuireClient client;

  Blobs(QuireClient client) { this.client = client; }

  /** Upload options: content type, metadata, create-only, and the SHA-256 the bytes must have (null: not checked, or computed when the source allows). */
  public record PutOptions(String contentType, java.util.Map<String, String> metadata, boolean ifNoneMatch, byte[] sha256) {
    public static final PutOptions DEFAULT = new PutOptions("", java.util.Map.of(), false, null);

    public PutOptions withSha256(byte[] digest) { return new PutOptions(contentType, metadata, ifNoneMatch, digest); }

    public PutOptions withIfNoneMatch() { return new PutOptions(contentType, metadata, true, sha256); }
  }

  /** Uploads bytes, their SHA-256 checked by the gateway. */
  public BlobInfo put(String name, byte[] data) { return put(name, data, PutOptions.DEFAULT); }

  public BlobInfo put(String name, byte[] data, PutOptions o) {
    PutOptions withDigest = o.sha256() != null ? o : o.withSha256(sha256().digest(data));
    return put(name, new java.io.ByteArrayInputStream(data), (long) data.length, withDigest);
  }

  /** Uploads a file: hashed first (one read), then streamed (a second read), digest checked by the gateway. */
  public BlobInfo putFile(String name, Path file, PutOptions o) {
    try {
      PutOptions withDigest = o;
      if (o.sha256() == null) {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
          byte[] buf = new byte[CHUNK];
          for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        withDigest = o.withSha256(md.digest());
      }
      try (InputStream in = Files.newInputStream(file)) {
        return put(name, in, Files.size(file), withDigest);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Streams {@code in} (size: null when unknown) as a blob, waiting for the transport to be ready
   * for each 1 MiB message, so memory stays at a message or two whatever the size.
   */
  public BlobInfo put(String name, InputStream in, Long size, PutOptions o) {
    PutBlobHeader.Builder h = PutBlobHeader.newBuilder().setName(name).setContentType(o.contentType()).putAllMetadata(o.metadata()).setIfNoneMatch(o.ifNoneMatch());
    if (o.sha256() != null) h.setSha256(ByteString.copyFrom(o.sha256()));
    if (size != null) h.setSize(size);
    CompletableFuture<PutBlobResponse> done = new CompletableFuture<>();
    Object ready = new Object();
    ClientCallStreamObserver<PutBlobRequest>[] call = new ClientCallStreamObserver[1];
    ClientResponseObserver<PutBlobRequest, PutBlobResponse> observer = new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<PutBlobRequest> requestStream) {
        call[0] = requestStream;
        requestStream.setOnReadyHandler(() -> {
          synchronized (ready) {
            ready.notifyAll();
          }
        });
      }

      @Override
      public void onNext(PutBlobResponse r) { done.complete(r); }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
        synchronized (ready) {
          ready.notifyAll();
        }
      }

      @Override
      public void onCompleted() {}
    };
    BlobServiceGrpc.newStub(client.channel()).putBlob(observer);
    try {
      send(call[0], PutBlobRequest.newBuilder().setHeader(h).build(), ready, done);
      byte[] buf = new byte[CHUNK];
      while (!done.isDone()) {
        int n = in.readNBytes(buf, 0, CHUNK);
        if (n <= 0) break;
        send(call[0], PutBlobRequest.newBuilder().setData(ByteString.copyFrom(buf, 0, n)).build(), ready, done);
      }
      if (!done.isDone()) call[0].onCompleted();
      return done.get().getInfo();
    } catch (IOException e) {
      call[0].cancel("reading the upload failed", e);
      throw new UncheckedIOException(e);
    } catch (ExecutionException e) {
      QuireException q = QuireException.of(e.getCause());
      client.failed(q);
      throw q;
    } catch (InterruptedException e) {
      call[0].cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw QuireException.local("CANCELLED", Status.Code.CANCELLED, "interrupted");
    }
  }

  private static void send(ClientCallStreamObserver<PutBlobRequest> call, PutBlobRequest msg, Object ready, CompletableFuture<?> done) throws InterruptedException {
    synchronized (ready) {
      while (!call.isReady() && !done.isDone()) ready.wait(1000);
    }
    if (!done.isDone()) call.onNext(msg);
  }

  /** Streams a blob into {@code out}; the SHA-256 of a whole blob is checked (DATA_LOSS, DIGEST_MISMATCH). */
  public BlobInfo download(String name, OutputStream out) { return download(name, 0, 0, out); }

  /** Bytes {@code offset}.. (length 0: to the end); only a whole blob can be checked against its digest. */
  public BlobInfo download(String name, long offset, long length, OutputStream out) {
    try {
      Iterator<GetBlobResponse> it = BlobServiceGrpc.newBlockingStub(client.channel()).getBlob(GetBlobRequest.newBuilder().setName(name).setOffset(offset).setLength(length).build());
      BlobInfo info = null;
      MessageDigest md = sha256();
      while (it.hasNext()) {
        GetBlobResponse r = it.next();
        if (r.hasInfo()) info = r.getInfo();
        else {
          r.getData().writeTo(out);
          md.update(r.getData().asReadOnlyByteBuffer());
        }
      }
      boolean whole = offset == 0 && (length == 0 || info != null && length >= info.getSize());
      if (info != null && whole && !info.getSha256().isEmpty() && !info.getSha256().equalsIgnoreCase(HexFormat.of().formatHex(md.digest()))) {
        throw QuireException.local("DIGEST_MISMATCH", Status.Code.DATA_LOSS, "blob " + name + " does not match its sha-256 " + info.getSha256());
      }
      return info;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (QuireException e) {
      throw e;
    } catch (RuntimeException e) {
      QuireException q = QuireException.of(e);
      client.failed(q);
      throw q;
    }
  }

  /** A whole blob in memory, digest checked. */
  public byte[] read(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    download(name, out);
    return out.toByteArray();
  }

  public BlobInfo stat(String name) { return client.retried(() -> client.blobStub().statBlob(StatBlobRequest.newBuilder().setName(name).build())); }

  public void delete(String name) { client.retried(() -> client.blobStub().deleteBlob(DeleteBlobRequest.newBuilder().setName(name).build())); }

  /** One page of blobs under a prefix. */
  public ListBlobsResponse list(String prefix, String pageToken) {
    return client.retried(() -> client.blobStub().listBlobs(ListBlobsRequest.newBuilder().setPrefix(prefix).setPageToken(pageToken == null ? "" : pageToken).build()));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

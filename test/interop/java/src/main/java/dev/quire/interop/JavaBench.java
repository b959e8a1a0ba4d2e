package dev.quire.interop;

import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.bookkeeper.client.BookKeeper;
import org.apache.bookkeeper.client.LedgerHandle;
import org.apache.bookkeeper.conf.ClientConfiguration;

/**
 * A BenchThroughputLatency-style load loop on Apache BookKeeper's own Java client, used by
 * `npm run bench -- compare` to drive Quire and Java bookies alike. Asynchronous adds with a bound
 * on outstanding requests (closed loop), or at a fixed rate (open loop: latency is measured from
 * the scheduled send time, so stalls are not hidden). Prints one JSON line.
 *
 * Usage: JavaBench ZK ENSEMBLE QW QA ENTRY_SIZE SECONDS MAX_OUTSTANDING RATE(0=closed) LEDGERS V2
 */
public final class JavaBench {
  private JavaBench() {}

  public static void main(String[] a) throws Exception {
    String zk = a[0];
    int e = Integer.parseInt(a[1]), qw = Integer.parseInt(a[2]), qa = Integer.parseInt(a[3]);
    int size = Integer.parseInt(a[4]);
    double seconds = Double.parseDouble(a[5]);
    int maxOutstanding = Integer.parseInt(a[6]);
    double rate = Double.parseDouble(a[7]);
    int ledgers = Integer.parseInt(a[8]);
    boolean v2 = Boolean.parseBoolean(a[9]);

    ClientConfiguration conf = new ClientConfiguration();
    conf.setMetadataServiceUri("zk+hierarchical://" + zk + "/ledgers");
    conf.setUseV2WireProtocol(v2);
    conf.setAddEntryTimeout(30);
    try (BookKeeper bk = new BookKeeper(conf)) {
      LedgerHandle[] lhs = new LedgerHandle[ledgers];
      for (int i = 0; i < ledgers; i++) lhs[i] = bk.createLedger(e, qw, qa, BookKeeper.DigestType.CRC32C, "bench".getBytes());
      byte[] data = new byte[size];
      Arrays.fill(data, (byte) 'a');
      // Warm up the JIT and connections briefly; not measured.
      for (int i = 0; i < 200; i++) lhs[i % ledgers].addEntry(data);

      final long maxSamples = 20_000_000;
      final long[] lat = new long[(int) Math.min(maxSamples, (long) (Math.max(rate, 200_000) * seconds) + 1000)];
      final AtomicLong n = new AtomicLong();
      final AtomicLong failed = new AtomicLong();
      Semaphore window = new Semaphore(maxOutstanding);
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long intervalNs = rate > 0 ? (long) (1e9 / rate) : 0;
      long next = start;
      long sent = 0;
      while (true) {
        long now = System.nanoTime();
        if (now >= end) break;
        long scheduled = now;
        if (intervalNs > 0) {
          if (next > now) {
            LockSupport.parkNanos(next - now);
            continue;
          }
          scheduled = next;
          next += intervalNs;
        }
        window.acquire();
        final long t0 = scheduled;
        lhs[(int) (sent++ % ledgers)].asyncAddEntry(data, (rc, lh, entryId, ctx) -> {
          long d = System.nanoTime() - t0;
          if (rc == 0) {
            long i = n.getAndIncrement();
            if (i < lat.length) lat[(int) i] = d;
          } else {
            failed.incrementAndGet();
          }
          window.release();
        }, null);
      }
      window.acquire(maxOutstanding);
      double elapsed = (System.nanoTime() - start) / 1e9;
      int count = (int) Math.min(n.get(), lat.length);
      long[] s = Arrays.copyOf(lat, count);
      Arrays.sort(s);
      for (LedgerHandle lh : lhs) lh.close();
      System.out.println(String.format(java.util.Locale.ROOT,
          "{\"adds\":%d,\"failed\":%d,\"seconds\":%.3f,\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f,\"p999\":%.3f}",
          n.get(), failed.get(), elapsed, pct(s, 50), pct(s, 95), pct(s, 99), pct(s, 99.9)));
    }
    System.exit(0);
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
    return sorted[i] / 1e6;
  }
}

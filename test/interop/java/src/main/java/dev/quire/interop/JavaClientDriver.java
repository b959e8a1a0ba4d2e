package dev.quire.interop;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.BKException;
import org.apache.bookkeeper.client.BookKeeper;
import org.apache.bookkeeper.client.LedgerEntry;
import org.apache.bookkeeper.client.LedgerHandle;
import org.apache.bookkeeper.conf.ClientConfiguration;

/**
 * Drives Apache BookKeeper's own Java client against whatever bookies are registered in the given
 * ZooKeeper: Quire's, Java's, or both. Prints one JSON object per line on stdout; the TypeScript
 * interop tests parse them. Usage:
 *
 *   write-read ZK E QW QA DIGEST N V2 PASSWORD     create, add N entries "entry-i", read back, close
 *   read ZK LEDGER DIGEST PASSWORD V2 RECOVER       open (recovering if RECOVER=true) and read all (entries as text and hex, then custom metadata)
 *   fence ZK E QW QA DIGEST V2                      writer adds 3, a second client recovers; writer's next add must fail fenced
 *   explicit-lac ZK DIGEST V2                       explicitLacInterval=100: add, wait, readExplicitLastConfirmed
 *   long-poll ZK DIGEST                             reader long-polls LAC while a writer adds
 *   write-hold ZK E QW QA DIGEST N V2 PASSWORD      add N entries, print each ack, then wait to be killed
 *   serve                                           run commands read from stdin, one a line (below)
 *
 * QUIRE_CLIENT_CONF=file (environment): extra ClientConfiguration properties, e.g. the TLS keys.
 *
 * serve: one JVM for a whole test file, so each scenario pays for neither a JVM start nor class
 * loading. Each stdin line is tab-separated: the QUIRE_CLIENT_CONF file for this command (empty for
 * none), then the command's arguments as above (write-hold excepted: it never ends). The command's
 * events are followed by {"event":"done","ok":true} or {"event":"done","ok":false,"error":...}
 * (stack trace on stderr). Every command still builds its own BookKeeper clients from scratch;
 * they are closed after "done", on one background thread, since closing (thread pools, Netty's
 * quiet period) changes nothing the next command sees. Ends at end of input.
 */
public final class JavaClientDriver {
  private JavaClientDriver() {}

  /** The QUIRE_CLIENT_CONF of the running command (serve sets it per command). */
  static String clientConf = System.getenv("QUIRE_CLIENT_CONF");

  /** The clients the running command opened, closed when it is done. */
  static final List<BookKeeper> opened = new ArrayList<>();

  static BookKeeper open(ClientConfiguration c) throws Exception {
    BookKeeper bk = new BookKeeper(c);
    opened.add(bk);
    return bk;
  }

  static ClientConfiguration conf(String zk, boolean v2) {
    ClientConfiguration c = new ClientConfiguration();
    c.setMetadataServiceUri("zk+hierarchical://" + zk + "/ledgers");
    c.setUseV2WireProtocol(v2);
    c.setAddEntryTimeout(10);
    c.setReadEntryTimeout(10);
    c.setZkTimeout(10000);
    String extra = clientConf;
    if (extra != null && !extra.isEmpty()) {
      Properties p = new Properties();
      try (InputStream in = new FileInputStream(extra)) {
        p.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read QUIRE_CLIENT_CONF " + extra, e);
      }
      for (String k : p.stringPropertyNames()) c.setProperty(k, p.getProperty(k));
    }
    return c;
  }

  static BookKeeper.DigestType digest(String name) {
    return BookKeeper.DigestType.valueOf(name);
  }

  static String json(Map<String, Object> m) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!first) sb.append(',');
      first = false;
      sb.append('"').append(e.getKey()).append("\":");
      Object v = e.getValue();
      if (v instanceof Number || v instanceof Boolean) sb.append(v);
      else sb.append('"').append(escape(String.valueOf(v))).append('"');
    }
    return sb.append('}').toString();
  }

  /** JSON string escaping, control characters included (entries may hold any bytes). */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') sb.append('\\').append(ch);
      else if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
      else sb.append(ch);
    }
    return sb.toString();
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) sb.append(String.format("%02x", x & 0xff));
    return sb.toString();
  }

  static void emit(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    System.out.println(json(m));
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve();
    } else {
      try {
        run(args);
      } finally {
        closeOpened();
      }
    }
    System.exit(0);
  }

  static List<BookKeeper> takeOpened() {
    List<BookKeeper> l = new ArrayList<>(opened);
    opened.clear();
    return l;
  }

  static void closeOpened() throws Exception {
    for (BookKeeper bk : takeOpened()) bk.close();
  }

  static void serve() throws Exception {
    // Load the client's classes while the caller is still starting its cluster.
    new ClientConfiguration();
    Class.forName("org.apache.bookkeeper.client.BookKeeper");
    ExecutorService closer = Executors.newSingleThreadExecutor();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null;) {
      if (line.isEmpty()) continue;
      String[] fields = line.split("\t", -1);
      clientConf = fields[0];
      String[] args = Arrays.copyOfRange(fields, 1, fields.length);
      try {
        if (args[0].equals("write-hold")) throw new IllegalArgumentException("write-hold never ends: run it alone, not in serve");
        run(args);
        emit("event", "done", "ok", true);
      } catch (Exception e) {
        e.printStackTrace();
        emit("event", "done", "ok", false, "error", String.valueOf(e));
      }
      List<BookKeeper> done = takeOpened();
      closer.execute(() -> {
        for (BookKeeper bk : done) {
          try {
            bk.close();
          } catch (Exception e) {
            e.printStackTrace();
          }
        }
      });
    }
    closer.shutdown();
    closer.awaitTermination(60, TimeUnit.SECONDS);
  }

  static void run(String[] args) throws Exception {
    String cmd = args[0];
    String zk = args[1];
    switch (cmd) {
      case "write-read": writeRead(zk, args, false); break;
      case "write-hold": writeRead(zk, args, true); break;
      case "read": read(zk, Long.parseLong(args[2]), args[3], args[4], Boolean.parseBoolean(args[5]), Boolean.parseBoolean(args[6])); break;
      case "fence": fence(zk, args); break;
      case "explicit-lac": explicitLac(zk, args[2], Boolean.parseBoolean(args[3])); break;
      case "long-poll": longPoll(zk, args[2]); break;
      default: throw new IllegalArgumentException("unknown command " + cmd);
    }
  }

  static void writeRead(String zk, String[] a, boolean hold) throws Exception {
    int e = Integer.parseInt(a[2]), qw = Integer.parseInt(a[3]), qa = Integer.parseInt(a[4]);
    BookKeeper.DigestType d = digest(a[5]);
    int n = Integer.parseInt(a[6]);
    boolean v2 = Boolean.parseBoolean(a[7]);
    byte[] pwd = a[8].getBytes(StandardCharsets.UTF_8);
    {
      BookKeeper bk = open(conf(zk, v2));
      LedgerHandle lh = bk.createLedger(e, qw, qa, d, pwd);
      emit("event", "created", "ledgerId", lh.getId());
      for (int i = 0; i < n; i++) {
        long id = lh.addEntry(("entry-" + i).getBytes(StandardCharsets.UTF_8));
        if (hold) emit("event", "acked", "entryId", id);
      }
      if (hold) {
        emit("event", "holding", "ledgerId", lh.getId());
        Thread.sleep(600_000);
        return;
      }
      int count = 0;
      Enumeration<LedgerEntry> en = lh.readEntries(0, n - 1);
      while (en.hasMoreElements()) {
        LedgerEntry le = en.nextElement();
        String s = new String(le.getEntry(), StandardCharsets.UTF_8);
        if (!s.equals("entry-" + le.getEntryId())) throw new IllegalStateException("entry " + le.getEntryId() + " read back as " + s);
        count++;
      }
      lh.close();
      emit("event", "closed", "ledgerId", lh.getId(), "lastAddConfirmed", lh.getLastAddConfirmed(), "read", count, "length", lh.getLength());
    }
  }

  static void read(String zk, long ledgerId, String digestName, String password, boolean v2, boolean recover) throws Exception {
    {
      BookKeeper bk = open(conf(zk, v2));
      byte[] pwd = password.getBytes(StandardCharsets.UTF_8);
      LedgerHandle lh = recover ? bk.openLedger(ledgerId, digest(digestName), pwd) : bk.openLedgerNoRecovery(ledgerId, digest(digestName), pwd);
      long lac = lh.getLastAddConfirmed();
      int count = 0;
      if (lac >= 0) {
        Enumeration<LedgerEntry> en = lh.readEntries(0, lac);
        while (en.hasMoreElements()) {
          LedgerEntry le = en.nextElement();
          byte[] bytes = le.getEntry();
          emit("event", "entry", "entryId", le.getEntryId(), "data", new String(bytes, StandardCharsets.UTF_8), "hex", hex(bytes), "size", bytes.length);
          count++;
        }
      }
      emit("event", "opened", "ledgerId", ledgerId, "lastAddConfirmed", lac, "closed", lh.isClosed(), "read", count, "length", lh.getLength());
      for (Map.Entry<String, byte[]> cm : lh.getCustomMetadata().entrySet()) {
        emit("event", "customMetadata", "key", cm.getKey(), "value", new String(cm.getValue(), StandardCharsets.UTF_8));
      }
      lh.close();
    }
  }

  static void fence(String zk, String[] a) throws Exception {
    int e = Integer.parseInt(a[2]), qw = Integer.parseInt(a[3]), qa = Integer.parseInt(a[4]);
    BookKeeper.DigestType d = digest(a[5]);
    boolean v2 = Boolean.parseBoolean(a[6]);
    byte[] pwd = "fence".getBytes(StandardCharsets.UTF_8);
    {
      BookKeeper writer = open(conf(zk, v2));
      BookKeeper recoverer = open(conf(zk, v2));
      LedgerHandle lh = writer.createLedger(e, qw, qa, d, pwd);
      for (int i = 0; i < 3; i++) lh.addEntry(("f-" + i).getBytes(StandardCharsets.UTF_8));
      LedgerHandle rh = recoverer.openLedger(lh.getId(), d, pwd);
      emit("event", "recovered", "ledgerId", lh.getId(), "lastAddConfirmed", rh.getLastAddConfirmed(), "closed", rh.isClosed());
      String outcome;
      try {
        lh.addEntry("after-fence".getBytes(StandardCharsets.UTF_8));
        outcome = "accepted";
      } catch (BKException.BKLedgerFencedException ex) {
        outcome = "fenced";
      } catch (BKException ex) {
        outcome = ex.getClass().getSimpleName();
      }
      emit("event", "writer-after-fence", "outcome", outcome);
    }
  }

  static void explicitLac(String zk, String digestName, boolean v2) throws Exception {
    ClientConfiguration c = conf(zk, v2);
    c.setExplictLacInterval(100); // sic: BookKeeper spells the setter this way
    {
      BookKeeper bk = open(c);
      BookKeeper rbk = open(conf(zk, v2));
      byte[] pwd = "lac".getBytes(StandardCharsets.UTF_8);
      LedgerHandle lh = bk.createLedger(3, 3, 2, digest(digestName), pwd);
      for (int i = 0; i < 5; i++) lh.addEntry(("l-" + i).getBytes(StandardCharsets.UTF_8));
      // Explicit LAC is flushed by the writer's periodic task (every 100 ms): read until it shows the
      // last entry, for at most 10 s, and report what was read last.
      // (Until the first flush a bookie may have none to give: that read fails and is retried.)
      LedgerHandle rh = rbk.openLedgerNoRecovery(lh.getId(), digest(digestName), pwd);
      long deadline = System.nanoTime() + 10_000_000_000L;
      long explicit;
      for (;;) {
        try {
          explicit = rh.readExplicitLastConfirmed();
          if (explicit >= 4) break;
        } catch (BKException ex) {
          if (System.nanoTime() > deadline) throw ex;
          explicit = -1;
        }
        if (System.nanoTime() > deadline) break;
        Thread.sleep(50);
      }
      long lac = rh.readLastConfirmed();
      emit("event", "explicit-lac", "ledgerId", lh.getId(), "explicitLac", explicit, "readLastConfirmed", lac);
      lh.close();
    }
  }

  static void longPoll(String zk, String digestName) throws Exception {
    {
      BookKeeper bk = open(conf(zk, false));
      BookKeeper rbk = open(conf(zk, false));
      byte[] pwd = "poll".getBytes(StandardCharsets.UTF_8);
      LedgerHandle lh = bk.createLedger(3, 3, 2, digest(digestName), pwd);
      lh.addEntry("p-0".getBytes(StandardCharsets.UTF_8));
      org.apache.bookkeeper.client.api.ReadHandle rh = rbk.newOpenLedgerOp().withLedgerId(lh.getId())
          .withDigestType(org.apache.bookkeeper.client.api.DigestType.valueOf(digestName)).withPassword(pwd)
          .withRecovery(false).execute().get();
      java.util.concurrent.CompletableFuture<org.apache.bookkeeper.client.api.LastConfirmedAndEntry> poll =
          rh.readLastAddConfirmedAndEntryAsync(1, 10_000, false);
      Thread.sleep(300);
      lh.addEntry("p-1".getBytes(StandardCharsets.UTF_8));
      lh.addEntry("p-2".getBytes(StandardCharsets.UTF_8));
      org.apache.bookkeeper.client.api.LastConfirmedAndEntry r = poll.get();
      String data = r.hasEntry() ? new String(r.getEntry().getEntryBytes(), StandardCharsets.UTF_8) : "";
      emit("event", "long-poll", "ledgerId", lh.getId(), "lastAddConfirmed", r.getLastAddConfirmed(), "hasEntry", r.hasEntry(), "data", data);
      r.close();
      lh.close();
    }
  }
}

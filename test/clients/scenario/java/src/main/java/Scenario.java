import io.quire.client.Consumer;
import io.quire.client.Log;
import io.quire.client.Message;
import io.quire.client.Producer;
import io.quire.client.QuireClient;
import io.quire.client.Receipt;
import io.quire.client.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The cross-language scenario (test/clients/scenario/README.md) with the Java SDK's public API only
 * (io.quire:quire-client): {@code produce <log> <n>}, {@code consume <log> <cursor> <count>}.
 * Gateway: QUIRE_ENDPOINT (gRPC host:port); the produce step's kill: QUIRE_CONTROL_URL.
 */
public final class Scenario {
  private static final String LANG = "java";
  /** Outlasts a `quire local` restart on a loaded machine (the process starts three bookies first). */
  private static final RetryPolicy RETRY = new RetryPolicy(300, Duration.ofMillis(50), Duration.ofSeconds(1));
  private static final Duration WAIT = Duration.ofSeconds(60);

  private Scenario() {}

  public static void main(String[] args) throws Exception {
    try (QuireClient client = QuireClient.builder().endpoint(need("QUIRE_ENDPOINT")).timeout(Duration.ofSeconds(30)).retry(RETRY).build()) {
      if (args.length == 3 && args[0].equals("produce")) produce(client, args[1], Integer.parseInt(args[2]));
      else if (args.length == 4 && args[0].equals("consume")) consume(client, args[1], args[2], Integer.parseInt(args[3]));
      else {
        System.err.println("usage: Scenario produce <log> <n> | consume <log> <cursor> <count>");
        System.exit(2);
      }
    }
  }

  private static String need(String name) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) throw new IllegalStateException(name + " is not set (test/clients/cross-language.test.ts sets it)");
    return v;
  }

  private static void produce(QuireClient client, String name, int n) throws Exception {
    Log log = client.log(name);
    log.create(Log.Options.DEFAULT.withRolloverMaxEntries(64));
    int half = n / 2;
    List<CompletableFuture<Receipt>> pending = new ArrayList<>();
    String producerId;
    Producer.Options o = Producer.Options.DEFAULT.withProducerId("xlang-" + LANG, 1).withBatch(10, 1 << 20, Duration.ofMillis(1)).withRetry(RETRY);
    try (Producer producer = log.producer(o)) {
      producerId = producer.id();
      for (int i = 0; i < n; i++) {
        pending.add(producer.send((LANG + "-" + i).getBytes(StandardCharsets.UTF_8)));
        if (i == half) {
          pending.get(half - 1).get();
          HttpRequest kill = HttpRequest.newBuilder(URI.create(need("QUIRE_CONTROL_URL") + "/kill-gateway")).POST(HttpRequest.BodyPublishers.noBody()).build();
          int status = HttpClient.newHttpClient().send(kill, HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status != 200) throw new IllegalStateException("kill-gateway answered " + status);
        }
      }
    }
    Set<Long> seen = new HashSet<>();
    int duplicates = 0;
    int retries = 0;
    for (CompletableFuture<Receipt> f : pending) {
      Receipt r = f.get();
      if (!seen.add(r.offset())) duplicates++;
      if (r.duplicate()) retries++;
    }
    int gaps = 0;
    for (long i = 0; i < n; i++) if (!seen.contains(i)) gaps++;
    System.out.println("{\"scenario\":\"produce\",\"lang\":" + str(LANG) + ",\"log\":" + str(name) + ",\"producerId\":" + str(producerId) + ",\"sent\":" + n
        + ",\"acked\":" + pending.size() + ",\"duplicates\":" + duplicates + ",\"gaps\":" + gaps + ",\"recognisedRetries\":" + retries + "}");
  }

  private static void consume(QuireClient client, String name, String cursor, int count) {
    Log log = client.log(name);
    List<String> records = new ArrayList<>();
    int duplicates = 0;
    int gaps = 0;
    long start;
    try (Consumer consumer = log.consumer(cursor)) {
      start = consumer.position();
      long expected = start;
      while (records.size() < count) {
        Message m = consumer.poll(WAIT);
        if (m == null) throw new IllegalStateException("no record in " + WAIT + " after " + records.size());
        if (m.offset() < expected) duplicates++;
        else if (m.offset() > expected) gaps++;
        expected = m.offset() + 1;
        records.add("{\"offset\":" + m.offset() + ",\"producerId\":" + str(m.producerId()) + ",\"sequence\":" + m.sequence() + ",\"data\":" + str(Base64.getEncoder().encodeToString(m.data())) + "}");
        consumer.ack(m.offset());
      }
    }
    long end = log.info().getNextOffset();
    System.out.println("{\"scenario\":\"consume\",\"lang\":" + str(LANG) + ",\"log\":" + str(name) + ",\"cursor\":" + str(cursor) + ",\"start\":" + start + ",\"read\":" + records.size()
        + ",\"duplicates\":" + duplicates + ",\"gaps\":" + gaps + ",\"end\":" + end + ",\"records\":[" + String.join(",", records) + "]}");
  }

  /** A JSON string (the values here are names and base64: only quotes and backslashes need escaping). */
  private static String str(String s) {
    return "\"" + (s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
  }
}

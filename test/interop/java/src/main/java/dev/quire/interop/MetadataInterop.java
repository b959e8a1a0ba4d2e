// Apache BookKeeper's own client code (4.17.2) reading and writing metadata in the ZooKeeper
// layout, for test/interop/metadata-java.test.ts. Output is one fact per line for the test to check.
//
//   list   <metadataServiceUri> [cookieBookieId]   bookies (with resolved addresses), ledgers, metadata
//   create <metadataServiceUri>                    creates two ledgers (one closed), prints their ids
package dev.quire.interop;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.bookkeeper.bookie.Cookie;
import org.apache.bookkeeper.client.BookKeeper;
import org.apache.bookkeeper.client.BookKeeperAdmin;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.LedgerMetadata;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.apache.bookkeeper.conf.ClientConfiguration;
import org.apache.bookkeeper.discover.BookieServiceInfo;
import org.apache.bookkeeper.net.BookieId;
import org.apache.bookkeeper.versioning.Versioned;

public final class MetadataInterop {
  private MetadataInterop() {}

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(String.format("%02x", x));
    return sb.toString();
  }

  private static void printMetadata(long id, LedgerMetadata md) {
    System.out.println("METADATA " + id + " formatVersion=" + md.getMetadataFormatVersion());
    System.out.println("METADATA " + id + " state=" + md.getState());
    System.out.println("METADATA " + id + " ensembleSize=" + md.getEnsembleSize());
    System.out.println("METADATA " + id + " writeQuorumSize=" + md.getWriteQuorumSize());
    System.out.println("METADATA " + id + " ackQuorumSize=" + md.getAckQuorumSize());
    System.out.println("METADATA " + id + " lastEntryId=" + md.getLastEntryId());
    System.out.println("METADATA " + id + " length=" + md.getLength());
    System.out.println("METADATA " + id + " hasPassword=" + md.hasPassword());
    if (md.hasPassword()) {
      System.out.println("METADATA " + id + " digestType=" + md.getDigestType());
      System.out.println("METADATA " + id + " password=" + hex(md.getPassword()));
    }
    for (Map.Entry<Long, ? extends List<BookieId>> e : md.getAllEnsembles().entrySet()) {
      StringBuilder sb = new StringBuilder();
      for (BookieId b : e.getValue()) sb.append(sb.length() == 0 ? "" : ",").append(b);
      System.out.println("METADATA " + id + " ensemble@" + e.getKey() + "=" + sb);
    }
    for (Map.Entry<String, byte[]> e : new TreeMap<>(md.getCustomMetadata()).entrySet()) {
      System.out.println("METADATA " + id + " custom." + e.getKey() + "=" + new String(e.getValue(), StandardCharsets.UTF_8));
    }
    System.out.println("METADATA " + id + " cToken=" + md.getCToken());
  }

  private static void list(ClientConfiguration conf, String cookieBookieId) throws Exception {
    try (BookKeeper bk = new BookKeeper(conf)) {
      BookKeeperAdmin admin = new BookKeeperAdmin(bk);
      for (BookieId b : admin.getAvailableBookies()) {
        BookieServiceInfo info = bk.getMetadataClientDriver().getRegistrationClient().getBookieServiceInfo(b).get().getValue();
        String addr = "?";
        for (BookieServiceInfo.Endpoint ep : info.getEndpoints()) {
          if ("bookie-rpc".equals(ep.getProtocol())) addr = ep.getHost() + ":" + ep.getPort();
        }
        System.out.println("BOOKIE_RW " + b + " " + addr);
      }
      for (BookieId b : admin.getReadOnlyBookies()) System.out.println("BOOKIE_RO " + b);
      for (long id : admin.listLedgers()) {
        System.out.println("LEDGER " + id);
        Versioned<LedgerMetadata> md = bk.getLedgerManager().readLedgerMetadata(id).get();
        printMetadata(id, md.getValue());
      }
      if (cookieBookieId != null) {
        {
          // Read the cookie bytes straight from ZooKeeper and parse them with BookKeeper's Cookie class.
          String servers = conf.getMetadataServiceUriUnchecked().replaceFirst("^zk\\+hierarchical://", "").replaceFirst("/.*$", "").replace(';', ',');
          String root = conf.getMetadataServiceUriUnchecked().replaceFirst("^zk\\+hierarchical://[^/]*", "");
          org.apache.zookeeper.ZooKeeper zk = new org.apache.zookeeper.ZooKeeper(servers, 10000, event -> { });
          try {
            byte[] bytes = zk.getData(root + "/cookies/" + cookieBookieId, false, null);
            Cookie c = Cookie.parseFromBytes(bytes);
            System.out.println("COOKIE " + c.toString().replace("\n", "|"));
          } finally {
            zk.close();
          }
        }
      }
    }
  }

  private static void create(ClientConfiguration conf) throws Exception {
    try (BookKeeper bk = new BookKeeper(conf)) {
      Map<String, byte[]> custom = new HashMap<>();
      custom.put("app", "java".getBytes(StandardCharsets.UTF_8));
      custom.put("owner", "interop-test".getBytes(StandardCharsets.UTF_8));
      WriteHandle open = bk.newCreateLedgerOp().withEnsembleSize(3).withWriteQuorumSize(2).withAckQuorumSize(2)
          .withDigestType(DigestType.CRC32C).withPassword("secret".getBytes(StandardCharsets.UTF_8))
          .withCustomMetadata(custom).execute().get();
      System.out.println("CREATED_OPEN " + open.getId());
      WriteHandle closed = bk.newCreateLedgerOp().withEnsembleSize(2).withWriteQuorumSize(2).withAckQuorumSize(1)
          .withDigestType(DigestType.MAC).withPassword(new byte[] {0, 1, 2, (byte) 255}).execute().get();
      closed.close();
      System.out.println("CREATED_CLOSED " + closed.getId());
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: MetadataInterop list|create <metadataServiceUri> [cookieBookieId]");
      System.exit(2);
    }
    ClientConfiguration conf = new ClientConfiguration();
    conf.setMetadataServiceUri(args[1]);
    conf.setZkTimeout(10000);
    switch (args[0]) {
      case "list" -> list(conf, args.length > 2 ? args[2] : null);
      case "create" -> create(conf);
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
    System.out.println("DONE");
    System.exit(0);
  }
}

package dev.quire.interop;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.conf.ServerConfiguration;
import org.apache.bookkeeper.meta.UnderreplicatedLedger;
import org.apache.bookkeeper.meta.ZkLedgerAuditorManager;
import org.apache.bookkeeper.meta.ZkLedgerUnderreplicationManager;
import org.apache.bookkeeper.net.BookieId;
import org.apache.bookkeeper.stats.NullStatsLogger;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * BookKeeper 4.17's own ZkLedgerUnderreplicationManager and ZkLedgerAuditorManager on the
 * cluster Quire's test uses: "read" prints what they see (UR, ENABLED, DELAY, AUDITOR, CTIMES lines),
 * "write" marks ledgers, disables auto-recovery, sets the delay and the auditor's check times, for Quire to read back.
 */
public final class UnderreplicationInterop {
  public static void main(String[] args) throws Exception {
    String connect = args[1];
    ServerConfiguration conf = new ServerConfiguration();
    conf.setMetadataServiceUri("zk+hierarchical://" + connect.replace(',', ';') + "/ledgers");
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper(connect, 10000, e -> {
      if (e.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
    });
    if (!connected.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("no ZooKeeper connection");
    try {
      ZkLedgerUnderreplicationManager urm = new ZkLedgerUnderreplicationManager(conf, zk);
      switch (args[0]) {
        case "read" -> {
          Iterator<UnderreplicatedLedger> it = urm.listLedgersToRereplicate(null);
          while (it.hasNext()) {
            UnderreplicatedLedger u = it.next();
            List<String> r = u.getReplicaList();
            System.out.println("UR " + u.getLedgerId() + " " + String.join(",", r) + " " + u.getCtime());
          }
          System.out.println("ENABLED " + urm.isLedgerReplicationEnabled());
          System.out.println("DELAY " + urm.getLostBookieRecoveryDelay());
          BookieId a = new ZkLedgerAuditorManager(zk, conf, NullStatsLogger.INSTANCE).getCurrentAuditor();
          System.out.println("AUDITOR " + a);
          System.out.println("CTIMES " + urm.getCheckAllLedgersCTime() + " " + urm.getPlacementPolicyCheckCTime() + " " + urm.getReplicasCheckCTime());
        }
        case "write" -> {
          urm.markLedgerUnderreplicatedAsync(77L, Arrays.asList("java-lost:3181")).get();
          urm.markLedgerUnderreplicatedAsync(0x10000L, Arrays.asList("java-a:3181", "java-b:3181")).get();
          urm.disableLedgerReplication();
          urm.setLostBookieRecoveryDelay(42);
          urm.setCheckAllLedgersCTime(1700000000001L);
          urm.setPlacementPolicyCheckCTime(1700000000002L);
          urm.setReplicasCheckCTime(1700000000003L);
        }
        default -> throw new IllegalArgumentException("unknown command " + args[0]);
      }
      System.out.println("DONE");
    } finally {
      zk.close();
    }
    System.exit(0);
  }
}

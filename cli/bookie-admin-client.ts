// The client side of the bookie's admin API (BookKeeperAdmin's part in Java): reading a ledger for
// /api/v1/ledger/read and BookKeeper's sanity test for /api/v1/bookie/sanity, over the quorum
// client and the bookie's own metadata service. Lives in cli/ because bookie/ never imports the client.
import type { ClusterClientPort, LedgerEntryText } from '../bookie/http/admin-context.js';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { type BookKeeperClient, type ClientTlsSettings, LocalBookiePlacementPolicy } from '../clients/quorum/index.js';
import type { MetadataService } from '../metadata/metadata-service.js';

/** Sanity test sizes (SanityTestCommand's defaults: 10 entries, 1 s per operation). */
const SANITY_ENTRIES = 10;
const SANITY_TIMEOUT_MS = 1000;

/** `tls`: the bookie's own tls* keys (cli/bookie-client-tls.ts), so the admin client reaches TLS-only bookies. */
export function bookieAdminClient(metadata: MetadataService, tls?: ClientTlsSettings): ClusterClientPort & { close(): Promise<void> } {
  const withTls = tls ? { tls } : {};
  let reader: Promise<BookKeeperClient> | undefined;
  return {
    async readEntries(ledgerId, first, last): Promise<LedgerEntryText[]> {
      reader ??= createBookKeeperClient({ metadataService: metadata, ...withTls });
      const bk = await reader;
      // An admin reads with the ledger's own password from its metadata, as BookKeeperAdmin does.
      const md = await metadata.ledgers.readLedgerMetadata(ledgerId);
      const r = await bk.openLedger(ledgerId, { password: md.metadata.password ?? new Uint8Array(0) });
      const end = last === -1n || last > r.lastAddConfirmed ? r.lastAddConfirmed : last;
      if (end < first) return [];
      return r.read(first, end);
    },
    async sanityTest(localBookieId) {
      const bk = await createBookKeeperClient({ metadataService: metadata, placement: new LocalBookiePlacementPolicy(localBookieId), requestTimeoutMs: SANITY_TIMEOUT_MS, ...withTls });
      try {
        const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, digestType: 'MAC', password: '' });
        try {
          for (let i = 0; i < SANITY_ENTRIES; i++) await w.append(Buffer.from(`entry-${i}`));
          await w.close();
          const r = await bk.openLedger(w.ledgerId, { password: '' });
          const got = await r.read(0n, BigInt(SANITY_ENTRIES - 1));
          return got.length === SANITY_ENTRIES && got.every((e, i) => e.payload.toString() === `entry-${i}`);
        } finally {
          await bk.deleteLedger(w.ledgerId);
        }
      } finally {
        await bk.close();
      }
    },
    async close() {
      const r = reader;
      reader = undefined;
      if (r) await (await r).close();
    },
  };
}

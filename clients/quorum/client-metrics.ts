// The quorum client's metrics sink: callbacks the client calls with latencies, so the library holds
// no metrics registry of its own (the gateway and the bench turn them into Prometheus histograms;
// names after BookKeeperClientStats). Every method is optional; without a sink nothing is timed.

export interface QuorumClientMetrics {
  /**
   * One add request to one bookie, written to answered (BookKeeper's per_channel_bookie_client
   * ADD_ENTRY): the network round trip plus the bookie's journal and fdatasync.
   */
  bookieAddEntry?(seconds: number, ok: boolean, bookieId: string): void;
  /**
   * One entry, append() to completed: its ack quorum answered and every earlier entry completed
   * (BookKeeper's bookkeeper_client ADD_ENTRY, completions in entry order).
   */
  addEntry?(seconds: number, ok: boolean): void;
}

// `npm run bench [-- <suite> ...]`: benchmarks that print throughput and latency percentiles.
// Suites (one per line, so that adding one touches one line):
//   - bookie (default)
//   - client (BenchThroughputLatency-style, 3 bookies)
//   - gateway (REST and gRPC overhead vs the direct client, all in one process)
//   - gateway-load (the gateway as its own process, the load generator in this one: REST and gRPC unary appends at 1/64/256 in flight vs the direct client, autocannon POST and GET of entries; req/s, p50/p99, gateway CPU seconds and req/s per gateway core: --seconds 5 --size 1024 --in-flight 1,64,256 --connections 64 --rows direct,rest,grpc,autocannon --gateway-cpu-prof DIR)
//   - logs (named logs: throughput, append-to-tail latency, rollover and takeover)
//   - metadata (ops/s on both drivers)
//   - blobs (one large blob through a gateway process: MB/s and peak RSS; --blob-mib 4096 --chunk-kib 1024)
//   - compare (Quire vs Apache BookKeeper's Java bookies, with each case's add-path latency breakdown, write amplification and the disk's own rate for the case's journal pattern; --repeat N runs per case and reports medians (issue 17's targets: --repeat 3 --seconds 30); sizes 100,1024,16384,65536 by default; a part of it: --kinds quire,java --drivers java-client,quire-client --cases 1-bookie,3-bookies,open,sizes; for A/B runs --open-max N (open loop at fractions of N adds/s) and --bookie-set key=value,...)
//   - retention (rolling ledger deletion: disk usage with GC + compaction vs without)
//   - retention-compare (the same against one Quire and one Java bookie)
//   - rereplication (a bookie lost for good on 4 bookies, E3 Qw2: re-replication MB/s, entries/s, time to no under-replicated ledger and foreground add p50/p99 before vs during, Quire + quire autorecovery vs Java bookies + AutoRecoveryMain: --ledgers 16 --entries 1000 --rate 200)
//   - tls (adds/s and p99 with and without TLS on a Quire and a Java bookie, same client; then REST and gRPC appends through a plaintext anonymous gateway vs one with TLS and tokens: --concurrency 32)
//   - overload (one bookie at 2x its sustainable add rate, open loop, with maxAddsInProgressLimit and without: admitted adds/s, p50/p99 from the due time, RSS each second, blocked counts, every ack read back: --seconds 15 --size 1024 --connections 8 --window 2000 --limit 10000)
//   - gateway-overload (one gateway process at 2x its sustainable append rate, open loop, REST and gRPC: offered/shed/admitted/refused by code, admitted p50/p99 from the due time, gateway RSS each second, every ack read back: --seconds 30 --size 1024 --connections 256 --channels 8 --streams 32 --limit 128 --ledgers 4 --transports rest,grpc)
//   - journal-files (journalReuseFiles off vs on: the disk's fdatasync for the journal's write pattern over a reused, a zero-filled-ahead, a sparse and an appended file, then the Journal itself in alternating rounds, records/s, p50/p99, fdatasync p50/p99, device bytes per payload byte: --seconds 20 --size 1024 --outstanding 1000 --rounds 2 --segment-mb 64)
//   - fuzz (decoder fuzzing of every wire and disk codec: --inputs 1000000 --seed 1 --codec <substring>)
//   - reads (Quire's client against one Quire and one Java bookie, Quire / Java ratios and the machine's load; --parts sealed,tail,catchup --kinds quire,java --size 1024: sealed = a sealed ledger read whole, single vs batch reads, entries/s, MB/s, page percentiles: --entries 20000 --page 1000 --rounds 3; tail = a writer at a steady rate then closed loop while a reader tails at the LAC, delivered entries/s, MB/s, append-to-read p50/p99: --tail-seconds 8 --tail-rate 2000 --tail-outstanding 100; catchup = data flushed to entry logs, bookie restarted, page cache dropped, read from entry 0 with batch reads, against the disk's sequential read rate: --catchup-entries 200000 --catchup-page 4000)
// Options: --seconds N, --sizes 100,1024,16384.
import './process-defaults.js';
import { blobBench } from './blob-bench.js';
import { codecFuzzBench } from './codec-fuzz.js';
import { bookieBench } from './bookie-bench.js';
import { clientBench } from './client-bench.js';
import { COMPARE_CASES, compareBench, type CompareCase } from './compare-bench.js';
import { gatewayBench } from './gateway-bench.js';
import { gatewayLoadBench, LOAD_ROW_KINDS } from './gateway-load-bench.js';
import { logBench } from './log-bench.js';
import { grpcGatewayBench } from './gateway-grpc-bench.js';
import { formatBenchTable, runMetadataBench } from './metadata-bench.js';
import { retentionBench } from './retention-bench.js';
import { retentionCompare } from './retention-compare.js';
import { overloadBench } from './overload-bench.js';
import { gatewayOverloadBench } from './gateway-overload-bench.js';
import { rereplicationBench } from './rereplication-bench.js';
import { tlsBench } from './tls-bench.js';
import { READ_PARTS, readBench } from './read-bench.js';
import { gatewayTlsBench } from './gateway-tls-bench.js';
import { journalFilesBench } from './journal-files-bench.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
/** A comma-separated flag restricted to `allowed` (all of them when absent). */
function listFlag<T extends string>(name: string, allowed: readonly T[]): T[] {
  const v = flag(name, allowed.join(',')).split(',');
  const bad = v.filter((x) => !(allowed as readonly string[]).includes(x));
  if (bad.length > 0) {
    console.error(`--${name}: unknown ${bad.join(', ')} (one of ${allowed.join(', ')})`);
    process.exit(2);
  }
  return v as T[];
}
const suites = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const seconds = Number(flag('seconds', '5'));
const sizes = flag('sizes', '100,1024,16384').split(',').map(Number);

console.log(`# Quire benchmarks — ${new Date().toISOString()}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
for (const suite of suites.length ? suites : ['bookie']) {
  switch (suite) {
    case 'bookie':
      await bookieBench({ sizes, seconds, maxOutstanding: Number(flag('outstanding', '1000')) });
      break;
    case 'client':
      await clientBench({ seconds, maxOutstanding: Number(flag('outstanding', '2000')) });
      break;
    case 'gateway':
      await gatewayBench({ seconds });
      await grpcGatewayBench({ seconds });
      break;
    case 'gateway-load': {
      const cpuProfDir = flag('gateway-cpu-prof', '');
      await gatewayLoadBench({
        seconds,
        size: Number(flag('size', '1024')),
        inFlight: flag('in-flight', '1,64,256').split(',').map(Number),
        connections: Number(flag('connections', '64')),
        rows: listFlag('rows', LOAD_ROW_KINDS),
        ...(cpuProfDir ? { cpuProfDir } : {}),
      });
      break;
    }
    case 'logs':
      await logBench({ seconds });
      break;
    case 'metadata':
      console.log('\n## Metadata operations (embedded store and a real ZooKeeper)\n');
      console.log(formatBenchTable(await runMetadataBench(2000, 16)));
      break;
    case 'blobs': {
      const blobBytes = Number(flag('blob-mib', '4096')) * 1024 * 1024;
      await blobBench({ blobBytes, chunkBytes: Number(flag('chunk-kib', '1024')) * 1024, compareBytes: Math.min(blobBytes, Number(flag('compare-mib', '1024')) * 1024 * 1024) });
      break;
    }
    case 'journal-files':
      await journalFilesBench({ seconds: Number(flag('seconds', '20')), size: Number(flag('size', '1024')), outstanding: Number(flag('outstanding', '1000')), rounds: Number(flag('rounds', '2')), segmentMb: Number(flag('segment-mb', '64')) });
      break;
    case 'compare':
      await compareBench({
        sizes: flag('sizes', '100,1024,16384,65536').split(',').map(Number),
        seconds,
        outstanding: Number(flag('outstanding', '1000')),
        kinds: listFlag('kinds', ['quire', 'java'] as const),
        drivers: listFlag('drivers', ['java-client', 'quire-client'] as const),
        cases: listFlag<CompareCase>('cases', COMPARE_CASES),
        ...(flag('open-max', '') ? { openMax: Number(flag('open-max', '')) } : {}),
        quireSettings: flag('bookie-set', '').split(',').filter((kv) => kv !== ''),
        repeat: Number(flag('repeat', '1')),
      });
      break;
    case 'retention':
      await retentionBench({ seconds: Number(flag('seconds', '30')) });
      break;
    case 'tls':
      await tlsBench({ seconds, outstanding: Number(flag('outstanding', '100')), entrySize: 1024 });
      await gatewayTlsBench({ seconds, concurrency: Number(flag('concurrency', '32')), entrySize: 1024 });
      break;
    case 'fuzz': {
      const only = flag('codec', '');
      const ok = codecFuzzBench({ inputs: Number(flag('inputs', '1000000')), seed: Number(flag('seed', '1')), ...(only ? { only } : {}) });
      if (!ok) process.exitCode = 1;
      break;
    }
    case 'rereplication':
      await rereplicationBench({ ledgers: Number(flag('ledgers', '16')), entries: Number(flag('entries', '1000')), rate: Number(flag('rate', '200')), baselineSeconds: Number(flag('baseline', '10')), timeoutSeconds: Number(flag('timeout', '300')) });
      break;
    case 'overload':
      await overloadBench({
        seconds: Number(flag('seconds', '15')),
        closedSeconds: Number(flag('closed-seconds', '5')),
        size: Number(flag('size', '1024')),
        connections: Number(flag('connections', '8')),
        window: Number(flag('window', '2000')),
        limit: Number(flag('limit', '10000')),
      });
      break;
    case 'gateway-overload':
      await gatewayOverloadBench({
        seconds: Number(flag('seconds', '30')),
        closedSeconds: Number(flag('closed-seconds', '10')),
        size: Number(flag('size', '1024')),
        connections: Number(flag('connections', '256')),
        channels: Number(flag('channels', '8')),
        streams: Number(flag('streams', '32')),
        limit: Number(flag('limit', '128')),
        ledgers: Number(flag('ledgers', '4')),
        transports: listFlag('transports', ['rest', 'grpc'] as const),
      });
      break;
    case 'reads':
      await readBench({
        entries: Number(flag('entries', '20000')),
        size: Number(flag('size', '1024')),
        page: Number(flag('page', '1000')),
        rounds: Number(flag('rounds', '3')),
        kinds: listFlag('kinds', ['quire', 'java'] as const),
        parts: listFlag('parts', READ_PARTS),
        tailSeconds: Number(flag('tail-seconds', '8')),
        tailRate: Number(flag('tail-rate', '2000')),
        tailOutstanding: Number(flag('tail-outstanding', '100')),
        catchupEntries: Number(flag('catchup-entries', '200000')),
        catchupPage: Number(flag('catchup-page', '4000')),
      });
      break;
    case 'retention-compare':
      await retentionCompare(Number(flag('seconds', '30')));
      break;
    default:
      console.error(`unknown bench suite ${suite}`);
      process.exit(2);
  }
}

// One producer/consumer scenario, specified once (test/clients/scenario/README.md), run by a program
// per SDK — TypeScript, Python, Go, Java — against one `quire local` process: each language's
// exactly-once producer writes its own log while the gateway is SIGKILLed and restarted (once, for
// all four together), a consumer on a named cursor reads part of it and a new process resumes at
// that cursor; then each language reads another language's log and gets the same bytes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKillableLocal, type KillableLocal } from './killable-local.js';
import { runBounded } from './sdk-live.js';
import { ROOT } from './run-example.js';
import { SHORT_JVM_FLAGS, withShortJvmMaven } from '../../harness/jvm-flags.js';

const N = 200;
const K = 73; // not a batch boundary (batches of 10) nor a segment one (64)
const LANGS = ['ts', 'python', 'go', 'java'] as const;
type Lang = (typeof LANGS)[number];
/** Who reads whose log in the cross-read. */
const READS: Record<Lang, Lang> = { ts: 'python', python: 'go', go: 'java', java: 'ts' };
const SCENARIO = join(ROOT, 'test/clients/scenario');
const MVN = ['-B', '-q', '-Dstyle.color=never'];
const RUN_MS = 5 * 60_000;

interface ProduceSummary {
  scenario: 'produce';
  lang: string;
  producerId: string;
  sent: number;
  acked: number;
  duplicates: number;
  gaps: number;
  recognisedRetries: number;
}
interface ConsumedRecord {
  offset: number;
  producerId: string;
  sequence: number;
  data: string;
}
interface ConsumeSummary {
  scenario: 'consume';
  lang: string;
  start: number;
  read: number;
  duplicates: number;
  gaps: number;
  end: number;
  records: ConsumedRecord[];
}

/** The command line of each language's program (built once in before()). */
function commandOf(lang: Lang, goBinary: string): { cmd: string; args: string[]; cwd: string } {
  switch (lang) {
    case 'ts':
      return { cmd: process.execPath, args: ['--import', 'tsx', join(SCENARIO, 'ts/scenario.ts')], cwd: ROOT };
    case 'python':
      return { cmd: 'python3', args: [join(SCENARIO, 'python/scenario.py')], cwd: ROOT };
    case 'go':
      return { cmd: goBinary, args: [], cwd: ROOT };
    case 'java':
      return { cmd: 'java', args: [...SHORT_JVM_FLAGS, '-cp', `${join(SCENARIO, 'java/target/classes')}:${join(SCENARIO, 'java/target/lib/*')}`, 'Scenario'], cwd: ROOT };
  }
}

/** What each build step took (wall clock, a loaded machine included): reported, never asserted. */
const buildTimes: string[] = [];

async function build(what: string, cmd: string, args: string[], cwd: string): Promise<void> {
  const t0 = Date.now();
  const r = await runBounded(cmd, args, cwd, cmd === 'mvn' ? withShortJvmMaven(process.env) : process.env, 10 * 60_000);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} in ${cwd}:\n${r.out}`);
  buildTimes.push(`${what} ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/**
 * Stands between the programs and the killable gateway's control endpoint: each party POSTs
 * <url>/<party>/kill-gateway once it has half its records acknowledged, and the gateway is killed
 * once, when every party has asked (or exited without asking); every request is answered then.
 */
async function startKillBarrier(local: KillableLocal, parties: readonly string[]) {
  const asked = new Set<string>();
  const gone = new Set<string>();
  const waiting: ServerResponse[] = [];
  let killed: Promise<number> | undefined;
  const maybeKill = () => {
    if (killed || asked.size === 0 || parties.some((p) => !asked.has(p) && !gone.has(p))) return;
    killed = fetch(`${local.controlUrl}/kill-gateway`, { method: 'POST' }).then((r) => r.status, () => 502);
    void killed.then((status) => {
      for (const res of waiting.splice(0)) {
        res.statusCode = status;
        res.end();
      }
    });
  };
  const server: Server = createServer((req, res) => {
    const party = /^\/([^/]+)\/kill-gateway$/.exec(req.url ?? '')?.[1];
    if (req.method !== 'POST' || !party || !parties.includes(party) || asked.has(party) || killed) {
      res.statusCode = 409;
      res.end();
      return;
    }
    asked.add(party);
    waiting.push(res);
    maybeKill();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    controlUrl: (party: string) => `${url}/${party}`,
    exited(party: string) {
      gone.add(party);
      maybeKill();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Runs `f` for every language side by side and waits for all of them before failing with the first
 * failure: no program is left running (and retrying) once the cluster stops.
 */
async function eachLang<T>(f: (lang: Lang) => Promise<T>): Promise<T[]> {
  const results = await Promise.allSettled(LANGS.map(f));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** The JSON object on a line of output, if it is one. */
function jsonObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Record i of `lang`'s log, as every consumer must see it. */
const expected = (lang: Lang, i: number): ConsumedRecord => ({ offset: i, producerId: `xlang-${lang}`, sequence: i + 1, data: Buffer.from(`${lang}-${i}`).toString('base64') });

describe('one producer/consumer scenario in TypeScript, Python, Go and Java against one live cluster', () => {
  let local: KillableLocal | undefined;
  let work: string;
  let goBinary: string;
  const own = new Map<Lang, ConsumedRecord[]>();

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'quire-xlang-'));
    goBinary = join(work, 'scenario-go');
    // The cluster starts while the Go and Java programs build (each once).
    const java = async () => {
      // The SDK's own tests are not compiled (maven.test.skip): only its artifact is needed. The jars
      // are copied into target/lib at once, so another checkout's later install cannot swap them.
      await build('mvn install (clients/java)', 'mvn', [...MVN, 'install', '-Dmaven.test.skip=true'], join(ROOT, 'clients/java'));
      await build('mvn compile (scenario/java)', 'mvn', [...MVN, 'compile', 'dependency:copy-dependencies'], join(SCENARIO, 'java'));
    };
    const t0 = Date.now();
    const started = startKillableLocal().then((l) => {
      buildTimes.push(`quire local ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      return (local = l);
    });
    const results = await Promise.allSettled([started, build('go build', 'go', ['build', '-o', goBinary, '.'], join(SCENARIO, 'go')), java()]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  after(async () => {
    await local?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  async function run<T>(lang: Lang, args: string[], extraEnv: Record<string, string> = {}): Promise<T> {
    const { cmd, args: pre, cwd } = commandOf(lang, goBinary);
    const env = {
      ...process.env,
      QUIRE_ENDPOINT: local!.grpcTarget,
      QUIRE_REST: local!.restUrl,
      PYTHONPATH: join(ROOT, 'clients/python'),
      PYTHONDONTWRITEBYTECODE: '1',
      ...extraEnv,
    };
    const r = await runBounded(cmd, [...pre, ...args], cwd, env, RUN_MS);
    assert.equal(r.code, 0, `${lang} ${args.join(' ')} exited with ${r.code}:\n${r.out}`);
    const summary = r.out.split('\n').reverse().map(jsonObject).find((o) => o?.scenario === args[0]);
    assert.ok(summary, `${lang} ${args.join(' ')} printed no summary:\n${r.out}`);
    return summary as T;
  }

  test(`each SDK's exactly-once producer writes ${N} records across one SIGKILL and restart of the gateway`, async (t) => {
    t.diagnostic(`started side by side: ${buildTimes.join(', ')}`);
    const barrier = await startKillBarrier(local!, LANGS);
    try {
      const summaries = await eachLang((lang) =>
        run<ProduceSummary>(lang, ['produce', `xlang/${lang}`, String(N)], { QUIRE_CONTROL_URL: barrier.controlUrl(lang) }).finally(() => barrier.exited(lang)),
      );
      assert.equal(local!.restartError, undefined, 'the killed gateway process started again');
      assert.equal(local!.restarts, 1, 'the gateway process was killed and started again once, under all four producers');
      for (const s of summaries) {
        assert.deepEqual({ producerId: s.producerId, sent: s.sent, acked: s.acked, duplicates: s.duplicates, gaps: s.gaps }, { producerId: `xlang-${s.lang}`, sent: N, acked: N, duplicates: 0, gaps: 0 }, s.lang);
        t.diagnostic(`${s.lang}: ${s.acked} acknowledged, ${s.recognisedRetries} receipts were the gateway recognising a retried batch`);
      }
    } finally {
      await barrier.close();
    }
  });

  test(`a consumer on a named cursor reads ${K} and exits; a new process on the cursor resumes at ${K} and reads to ${N}`, async () => {
    await eachLang(async (lang) => {
      const log = `xlang/${lang}`;
      const first = await run<ConsumeSummary>(lang, ['consume', log, 'xlang-billing', String(K)]);
      const second = await run<ConsumeSummary>(lang, ['consume', log, 'xlang-billing', String(N - K)]);
      assert.deepEqual([first.start, first.read, second.start, second.read], [0, K, K, N - K], `${lang}: the second consumer resumes at the cursor`);
      for (const s of [first, second]) assert.deepEqual([s.duplicates, s.gaps], [0, 0], `${lang}: no duplicates, no gaps`);
      assert.equal(second.end, N, `${lang}: the log holds ${N} records, nothing written twice`);
      const all = [...first.records, ...second.records];
      assert.deepEqual(all, Array.from({ length: N }, (_, i) => expected(lang, i)), `${lang}: every record once, in order`);
      own.set(lang, all);
    });
  });

  test("each language's consumer reads another language's log: the same bytes", async () => {
    assert.equal(own.size, LANGS.length, 'the consumer test read every log');
    await eachLang(async (reader) => {
      const owner = READS[reader];
      const s = await run<ConsumeSummary>(reader, ['consume', `xlang/${owner}`, `xread-${reader}`, String(N)]);
      assert.deepEqual([s.start, s.read, s.duplicates, s.gaps, s.end], [0, N, 0, 0, N], `${reader} reading ${owner}'s log`);
      assert.deepEqual(s.records, own.get(owner), `${reader} reads ${owner}'s records as ${owner}'s own consumers did`);
    });
  });
});

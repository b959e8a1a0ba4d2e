// The import directions of docs/ARCHITECTURE.md are enforced by eslint.config.mjs: a file placed
// in a product folder with a forbidden import must fail lint, and a permitted one must pass. The
// probes are real files in the folders (the rules are per folder), removed even when a check fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Probe {
  readonly file: string;
  readonly source: string;
  /** Substrings of the no-restricted-imports messages expected, one per forbidden import; [] = passes. */
  readonly forbidden: readonly string[];
}

const PROBES: Probe[] = [
  {
    file: 'gateway/zz-lint-probe-quorum-internal.ts',
    source: "import { writeSet } from '../clients/quorum/ensemble/distribution-schedule.js';\nexport const probe = writeSet;\n",
    forbidden: ['clients/quorum/index.js'],
  },
  {
    file: 'gateway/grpc/zz-lint-probe-bookie.ts',
    source: "import { FrameDecoder } from '../../protocol/frame.js';\nimport type { Bookie } from '../../bookie/bookie.js';\nexport type Probe = [FrameDecoder, Bookie];\n",
    forbidden: ['protocol', 'bookie/'],
  },
  {
    file: 'gateway/zz-lint-probe-allowed.ts',
    source: "import { writeSet } from '../clients/quorum/index.js';\nimport { QuireError } from '../common/errors.js';\nexport const probe = [writeSet, QuireError];\n",
    forbidden: [],
  },
  {
    file: 'common/zz-lint-probe-protocol.ts',
    source: "import { FrameDecoder } from '../protocol/frame.js';\nexport const probe = FrameDecoder;\n",
    forbidden: ['common/ imports nothing'],
  },
  {
    file: 'common/zz-lint-probe-allowed.ts',
    source: "import { QuireError } from './errors.js';\nexport const probe = QuireError;\n",
    forbidden: [],
  },
  {
    file: 'bench/zz-lint-probe-test.ts',
    source: "import { startLocalCluster } from '../harness/local-cluster.js';\nimport { writerPayload } from '../test/quorum/e2e-writer.js';\nexport const probe = [startLocalCluster, writerPayload];\n",
    forbidden: ['never imports test/'],
  },
  {
    file: 'chaos/zz-lint-probe-cli.ts',
    source: "import { startLocalCluster } from '../cli/local-command.js';\nimport { startZooKeeper } from '../harness/zookeeper.js';\nexport const probe = [startLocalCluster, startZooKeeper];\n",
    forbidden: ['nothing imports it'],
  },
  {
    file: 'bookie/zz-lint-probe-client.ts',
    source: "import { BookKeeperClient } from '../clients/quorum/index.js';\nexport const probe = BookKeeperClient;\n",
    forbidden: ['never imports a client'],
  },
  {
    file: 'autorecovery/zz-lint-probe-bookie.ts',
    source: "import type { Bookie } from '../bookie/bookie.js';\nimport { writeSet } from '../clients/quorum/ensemble/distribution-schedule.js';\nexport type Probe = [Bookie, typeof writeSet];\n",
    forbidden: ['bookie/', 'clients/quorum/index.js'],
  },
  {
    file: 'bookie/http/zz-lint-probe-autorecovery.ts',
    source: "import { startAutoRecovery } from '../../autorecovery/autorecovery-main.js';\nexport const probe = startAutoRecovery;\n",
    forbidden: ['only cli/ starts auto-recovery'],
  },
  {
    file: 'autorecovery/zz-lint-probe-allowed.ts',
    source: "import { writeSet } from '../clients/quorum/index.js';\nimport { UnderreplicationManager } from '../metadata/underreplication-manager.js';\nexport const probe = [writeSet, UnderreplicationManager];\n",
    forbidden: [],
  },
  {
    file: 'protocol/zz-lint-probe-io.ts',
    source: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
    forbidden: ['pure'],
  },
  {
    file: 'clients/quorum/ops/zz-lint-probe-metadata.ts',
    source: "import { withChanges } from '../../../metadata/ledger-metadata.js';\nimport { LedgerManager } from '../../../metadata/ledger-manager.js';\nexport const probe = [withChanges, LedgerManager];\n",
    forbidden: ['through its ports'],
  },
  {
    file: 'metadata/formats/zz-lint-probe-protocol.ts',
    source: "import { ProtoReader } from '../../protocol/protobuf-wire.js';\nimport { FrameDecoder } from '../../protocol/frame.js';\nexport const probe = [ProtoReader, FrameDecoder];\n",
    forbidden: ['protobuf-wire.js'],
  },
  {
    file: 'cli/zz-lint-probe-sdk.ts',
    source: "import { QuireLogClient } from '../clients/typescript/index.js';\nexport const probe = QuireLogClient;\n",
    forbidden: ['only cli/data-plane/ imports it'],
  },
  {
    file: 'cli/data-plane/zz-lint-probe-gateway.ts',
    source: "import { startGateway } from '../../gateway/gateway-server.js';\nimport { QuireLogClient } from '../../clients/typescript/log-client.js';\nexport const probe = [startGateway, QuireLogClient];\n",
    forbidden: ['through the SDK only', 'public index'],
  },
  {
    file: 'cli/data-plane/zz-lint-probe-allowed.ts',
    source: "import { QuireLogClient } from '../../clients/typescript/index.js';\nexport const probe = QuireLogClient;\n",
    forbidden: [],
  },
];

test('eslint reports each forbidden import and passes the permitted ones', { timeout: 120_000 }, async () => {
  try {
    for (const p of PROBES) writeFileSync(join(ROOT, p.file), p.source);
    const eslint = new ESLint({ cwd: ROOT });
    const results = await eslint.lintFiles(PROBES.map((p) => p.file));
    for (const p of PROBES) {
      const r = results.find((x) => x.filePath === join(ROOT, p.file));
      assert.ok(r, `eslint did not lint ${p.file}`);
      const restricted = r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
      const other = r.messages.filter((m) => m.ruleId !== 'no-restricted-imports');
      assert.deepEqual(other, [], `${p.file}: unexpected lint problems`);
      assert.equal(restricted.length, p.forbidden.length, `${p.file}: got ${JSON.stringify(restricted)}`);
      p.forbidden.forEach((want, i) => assert.ok(restricted[i]!.includes(want), `${p.file}: message ${i} ${JSON.stringify(restricted[i])} lacks ${JSON.stringify(want)}`));
    }
  } finally {
    for (const p of PROBES) rmSync(join(ROOT, p.file), { force: true });
  }
});

// The rules match import strings by folder name (`**/protocol/**`), which is exact only while no
// product sub-folder is named like a top-level layer.
test('no product sub-folder is named like a layer', () => {
  const layers = new Set(['common', 'protocol', 'bookie', 'metadata', 'clients', 'quorum', 'typescript', 'gateway', 'cli', 'harness', 'bench', 'scripts', 'test', 'openapi', 'autorecovery', 'chaos']);
  const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts') && !f.startsWith('test/'));
  const clashes = new Set<string>();
  for (const f of tracked) {
    const parts = dirname(f).split('/');
    parts.forEach((d, i) => {
      const expected = i === 0 || (i === 1 && parts[0] === 'clients');
      if (!expected && layers.has(d)) clashes.add(`${dirname(f)} (${basename(f)})`);
    });
  }
  assert.deepEqual([...clashes], []);
});

// Lint: typescript-eslint's recommended rules, plus the import directions of docs/ARCHITECTURE.md
// ("Dependency direction"), enforced per folder with eslint's own no-restricted-imports.
// Circular imports are checked by madge (npm run lint); test/lint/import-rules.test.ts proves that
// a forbidden import fails lint.
//
// Patterns match the import string (`**/protocol/**` catches '../protocol/x.js' and
// '../../protocol/x.js' alike), so a layer's folder name must not reappear as a sub-folder name
// elsewhere in the product; test/lint/import-rules.test.ts checks that too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (name, why) => ({ group: [`**/${name}/**`], message: why });
const not = (name, because) => layer(name, `${because} (docs/ARCHITECTURE.md, Dependency direction)`);
const noTest = not('test', 'the product never imports test/: shared launchers live in harness/');
const noHarness = not('harness', 'harness/ (server launchers) is for test/, bench/ and scripts/ only');
const noBench = not('bench', 'nothing imports bench/');
const noScripts = not('scripts', 'nothing in the product imports scripts/');
const noCli = not('cli', 'only cli/ wires the parts together; nothing imports it');
const noGateway = not('gateway', 'the gateway sits on top: only cli/ and bench/ import it');
const noSdk = not('typescript', 'clients/typescript is an SDK over the network: only cli/data-plane/ imports it');
const noBookie = not('bookie', 'this part reaches bookies only over the wire, never by importing bookie/');
const noClient = not('quorum', 'this part never imports the quorum client');
const noOpenapi = not('openapi', 'only the REST layer and the SDK use the OpenAPI types');
const noAutorecovery = not('autorecovery', 'only cli/ starts auto-recovery (inside a bookie process or on its own)');
const onlyProtobufWire = {
  group: ['**/protocol/**', '!**/protocol/protobuf-wire.js'],
  message: 'metadata/ uses only protocol/protobuf-wire.js (the protobuf primitives) of protocol/ (docs/ARCHITECTURE.md)',
};
const onlyLedgerMetadata = {
  group: ['**/metadata/**', '!**/metadata/ledger-metadata.js'],
  message: "the quorum client's logic reaches metadata through its ports; only connect.ts and metadata-adapters.ts import metadata/ beyond the ledger-metadata values (docs/ARCHITECTURE.md)",
};
// Codecs are pure: bytes in, values out.
const noIo = ['fs', 'fs/promises', 'net', 'child_process', 'http', 'https', 'http2', 'dgram', 'worker_threads'].flatMap((m) => [
  { name: m, message: 'this folder is pure (no files, sockets or processes)' },
  { name: `node:${m}`, message: 'this folder is pure (no files, sockets or processes)' },
]);

/** One config block per folder; the last block matching a file decides its rule, so order matters. */
const RULES = [
  // Everything not listed below (e.g. the root *.mjs files): only "never import test/".
  { files: ['**/*.ts', '**/*.mjs'], patterns: [noTest] },
  { files: ['common/**'], patterns: [{ regex: '^\\.\\./', message: 'common/ imports nothing of Quire (docs/ARCHITECTURE.md)' }] },
  { files: ['protocol/**'], patterns: [noAutorecovery, not('metadata', 'protocol/ imports common/ only'), noBookie, noClient, noGateway, noCli, noHarness, noBench, noScripts, noTest, noOpenapi], paths: noIo },
  { files: ['metadata/**'], patterns: [noAutorecovery, onlyProtobufWire, noBookie, noClient, noGateway, noCli, noHarness, noBench, noScripts, noTest, noOpenapi] },
  { files: ['metadata/formats/**'], patterns: [noAutorecovery, onlyProtobufWire, noBookie, noClient, noGateway, noCli, noHarness, noBench, noScripts, noTest, noOpenapi], paths: noIo },
  { files: ['bookie/**'], patterns: [noAutorecovery, not('clients', 'bookie/ never imports a client'), noGateway, noCli, noHarness, noBench, noScripts, noTest, noOpenapi] },
  { files: ['clients/quorum/**'], patterns: [noAutorecovery, onlyLedgerMetadata, noBookie, noGateway, noCli, noHarness, noBench, noScripts, noTest, noOpenapi, noSdk] },
  { files: ['clients/quorum/connect.ts', 'clients/quorum/metadata-adapters.ts'], patterns: [noAutorecovery, noBookie, noGateway, noCli, noHarness, noBench, noScripts, noTest, noOpenapi, noSdk] },
  {
    files: ['gateway/**'],
    patterns: [
      { group: ['**/clients/quorum/**', '!**/clients/quorum/index.js'], message: 'gateway/ uses the quorum client only through its public index, clients/quorum/index.js (docs/ARCHITECTURE.md)' },
      not('protocol', 'gateway/ never speaks the bookie protocol itself'),
      noAutorecovery, noBookie, noCli, noHarness, noBench, noScripts, noTest, noSdk,
    ],
  },
  {
    files: ['autorecovery/**'],
    patterns: [
      { group: ['**/clients/quorum/**', '!**/clients/quorum/index.js'], message: 'autorecovery/ uses the quorum client only through its public index, clients/quorum/index.js (docs/ARCHITECTURE.md)' },
      noBookie, noGateway, noCli, noHarness, noBench, noScripts, noTest, noOpenapi, noSdk,
    ],
  },
  { files: ['cli/**'], ignores: ['cli/data-plane/**'], patterns: [noHarness, noBench, noScripts, noTest, noSdk] },
  // The data-plane CLI is an application of the SDK: it reaches Quire only over the network.
  {
    files: ['cli/data-plane/**'],
    patterns: [
      { group: ['**/clients/typescript/**', '!**/clients/typescript/index.js'], message: 'cli/data-plane/ uses the SDK only through its public index, clients/typescript/index.js' },
      ...['protocol', 'bookie', 'metadata', 'quorum', 'gateway', 'harness', 'bench', 'scripts', 'test'].map((n) => not(n, 'cli/data-plane/ talks to a gateway through the SDK only')),
    ],
  },
  { files: ['harness/**'], patterns: [noCli, noGateway, noBench, noScripts, noTest, noSdk] },
  { files: ['bench/**'], patterns: [noScripts, noTest, noSdk] },
  { files: ['scripts/**'], patterns: [noBench, noTest, noSdk] },
  // The fault kit: drives cli/ only as processes (harness/), reads scripts/toolchain-env.mjs for the Go checker.
  { files: ['chaos/**'], patterns: [noCli, noBench, noTest, noSdk] },
  {
    files: ['clients/typescript/**'],
    patterns: ['common', 'protocol', 'bookie', 'metadata', 'quorum', 'gateway', 'cli', 'harness', 'bench', 'scripts', 'test'].map((n) =>
      not(n, 'clients/typescript is an SDK over the network: it imports only its gen/ and openapi/gen/'),
    ),
  },
];

export default tseslint.config(
  // .tmp/: scratch output (the CLI tests' transpiled CLI, harness/compiled-cli.ts; chaos runs), never source.
  { ignores: ['dist/**', 'clients/typescript/dist/**', 'node_modules/**', '**/target/**', '**/gen/**', 'clients/python/**', 'clients/go/**', 'clients/java/**', '.venv/**', '.tools/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // The web console's browser modules (served as they are, no build step).
  {
    files: ['gateway/console/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { window: 'readonly', document: 'readonly', location: 'readonly', sessionStorage: 'readonly', fetch: 'readonly', atob: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', setTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', addEventListener: 'readonly', removeEventListener: 'readonly', URL: 'readonly' } },
  },
  // Tests (test/ and co-located *.test.ts) may import anything.
  ...RULES.map(({ files, ignores = [], patterns, paths = [] }) => ({
    files,
    ignores: ['test/**', '**/*.test.ts', ...ignores],
    rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
  })),
);

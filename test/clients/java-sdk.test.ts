// The Java SDK (clients/java, io.quire:quire-client) with Java's own runner: `mvn test` (JUnit 5
// via Surefire) against live gateways started here — a `quire local` process that the Java test
// has SIGKILLed and restarted mid-produce (QUIRE_CONTROL_URL), in-process gateways with TLS and
// HS256 tokens (one requiring client certificates), and two gateway processes of one cluster, the
// first of which the Java test SIGKILLs mid-produce while its client fails over to the second — then `mvn install` and the Java quickstart of clients/README.md, extracted
// from the README, in a throwaway Maven project outside the repository that depends on the artifact.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KillableLocal } from './killable-local.js';
import { processGone, readmeSectionBlock, runBounded, startSdkGateways, type SdkGateways } from './sdk-live.js';
import { ROOT } from './run-example.js';
import { withShortJvmMaven } from '../../harness/jvm-flags.js';

const JAVA = join(ROOT, 'clients/java');
const MVN = ['-B', '-q', '-Dstyle.color=never'];

/** Without the escape sequences Maven's console writes even in batch mode. */
const plain = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

/** Surefire's per-class reports: test name -> passed, and the totals. */
function surefireResults(): { passed: Set<string>; tests: number; failures: number; skipped: number } {
  const dir = join(JAVA, 'target/surefire-reports');
  const passed = new Set<string>();
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const f of readdirSync(dir).filter((n) => n.startsWith('TEST-') && n.endsWith('.xml'))) {
    const xml = readFileSync(join(dir, f), 'utf8');
    const suite = /<testsuite [^>]*>/.exec(xml)?.[0] ?? '';
    const attr = (k: string) => Number(new RegExp(` ${k}="(\\d+)"`).exec(suite)?.[1] ?? 0);
    tests += attr('tests');
    failures += attr('failures') + attr('errors');
    skipped += attr('skipped');
    for (const m of xml.matchAll(/<testcase name="([^"]+)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
      if (!/<(failure|error|skipped)/.test(m[3] ?? '')) passed.add(m[1]!);
    }
  }
  return { passed, tests, failures, skipped };
}

describe('Java SDK against live gateways', () => {
  let gateways: SdkGateways;
  let local: KillableLocal;
  before(async () => {
    gateways = await startSdkGateways('quire-java-tls-', { failover: true });
    local = gateways.local;
  });
  after(async () => {
    await gateways?.stop();
  });

  test('mvn test in clients/java: exactly-once across a gateway kill and a failover, consumer restart, blobs, token, TLS, mutual TLS', async (t) => {
    const env = withShortJvmMaven({ ...process.env, ...gateways.env });
    const r = await runBounded('mvn', [...MVN, 'test'], JAVA, env, 20 * 60_000);
    assert.equal(local.restartError, undefined, 'the killed gateway process started again');
    for (const l of plain(r.out).split('\n').filter((l) => l.includes('java-sdk:'))) t.diagnostic(l.trim());
    assert.equal(r.code, 0, r.out);
    const results = surefireResults();
    assert.equal(results.failures, 0, r.out);
    assert.equal(results.skipped, 0, 'no test is skipped');
    for (const name of ['exactlyOnceAcrossGatewayKill', 'consumerRestartFromCursor', 'producerNonRetryableErrors', 'producerBatchBounds', 'rawLedger', 'blobRoundTripAndDigestMismatch', 'tokenRefusedAndTlsOn', 'blobDownloadDigestMismatch', 'producerSendBlocksWhenQueueIsFull', 'errorsFromTrailersAndWithout', 'producerBatchBoundsOnTheWire', 'mutualTls', 'firstEndpointDeadNextServes', 'multiEndpointFailoverAcrossGatewayKill']) {
      assert.ok(results.passed.has(name), `${name} ran and passed`);
    }
    t.diagnostic(`${results.tests} JUnit tests passed`);
    assert.equal(local.restarts, 1, 'the gateway process was killed and started again once');
    assert.ok(processGone(gateways.failover!.info.gateways[0]!.pid), 'the first failover gateway was SIGKILLed');
  });

  test("mvn install, then clients/README.md's Java quickstart in a throwaway Maven project outside the repository", async () => {
    const install = readmeSectionBlock('Java', 'sh');
    assert.ok(install.includes('cd /path/to/quire/clients/java'), 'the install line names /path/to/quire');
    const installed = await runBounded('bash', ['-euo', 'pipefail', '-c', install.replaceAll('/path/to/quire', ROOT.replace(/\/$/, '')).replace('mvn -q', `mvn ${MVN.join(' ')}`)], ROOT, withShortJvmMaven(process.env), 10 * 60_000);
    assert.equal(installed.code, 0, installed.out);
    const dir = mkdtempSync(join(tmpdir(), 'quire-java-quickstart-'));
    try {
      assert.ok(!dir.startsWith(ROOT), 'the project is outside the repository');
      const java = readmeSectionBlock('Java', 'java');
      assert.ok(java.includes('"127.0.0.1:9090"'), 'the quickstart defaults to 127.0.0.1:9090');
      mkdirSync(join(dir, 'src/main/java'), { recursive: true });
      writeFileSync(join(dir, 'src/main/java/Quickstart.java'), java);
      // A plain pom with the README's dependency block; exec-maven-plugin pinned as in clients/java (Maven 3.8).
      const exec = /<artifactId>exec-maven-plugin<\/artifactId>[\s\S]*?<version>([^<]+)<\/version>/.exec(readFileSync(join(JAVA, 'pom.xml'), 'utf8'))![1]!;
      writeFileSync(join(dir, 'pom.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>quickstart</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
${readmeSectionBlock('Java', 'xml')}
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
      <plugin>
        <groupId>org.codehaus.mojo</groupId>
        <artifactId>exec-maven-plugin</artifactId>
        <version>${exec}</version>
        <configuration><mainClass>Quickstart</mainClass></configuration>
      </plugin>
    </plugins>
  </build>
</project>
`);
      const env = withShortJvmMaven({ ...process.env, QUIRE_ENDPOINT: local.grpcTarget });
      for (let round = 0; round < 2; round++) {
        // A second run appends three more and its consumer resumes at the cursor the first committed.
        const r = await runBounded('mvn', [...MVN, 'compile', 'exec:java'], dir, env, 5 * 60_000);
        assert.equal(r.code, 0, r.out);
        // Maven's console prefixes escape sequences even in batch mode: compare the text.
        const text = plain(r.out);
        const lines = text.trim().split('\n').filter((l) => l.startsWith('offset '));
        assert.deepEqual(lines, [0, 1, 2].map((i) => `offset ${round * 3 + i}: order ${i}`), r.out);
        assert.match(text, /^[0-9a-f]{64}$/m, 'the blob sha-256 is printed');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

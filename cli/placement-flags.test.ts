import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isQuireError } from '../common/errors.js';
import { placementFromFlags } from './placement-flags.js';

test('placement flags: a BookKeeper client conf file, then --ensemble-placement-policy and --placement override it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-placement-flags-'));
  try {
    const conf = join(dir, 'bk_client.conf');
    writeFileSync(conf, '# BookKeeper client\nensemblePlacementPolicy=org.apache.bookkeeper.client.RackawareEnsemblePlacementPolicy\nminNumRacksPerWriteQuorum=3\naddEntryTimeoutSec=5\n');
    assert.deepEqual(placementFromFlags({ clientConf: conf }), { ensemblePlacementPolicy: 'org.apache.bookkeeper.client.RackawareEnsemblePlacementPolicy', minNumRacksPerWriteQuorum: 3 });
    assert.deepEqual(
      placementFromFlags({ clientConf: conf, ensemblePlacementPolicy: 'RegionAwareEnsemblePlacementPolicy', placement: ['minNumRacksPerWriteQuorum=2', 'networkTopologyMapping=h1=/eu/r1,h2=/us/r1'] }),
      { ensemblePlacementPolicy: 'RegionAwareEnsemblePlacementPolicy', minNumRacksPerWriteQuorum: 2, networkTopologyMapping: { h1: '/eu/r1', h2: '/us/r1' } },
    );
    assert.throws(() => placementFromFlags({ placement: ['addEntryTimeoutSec=5'] }), (e) => isQuireError(e, 'CONFIG_INVALID'));
    assert.throws(() => placementFromFlags({ clientConf: join(dir, 'missing.conf') }), (e) => isQuireError(e, 'CONFIG_INVALID'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

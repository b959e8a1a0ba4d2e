// Ensemble placement from the command line, shared by `quire gateway` and `quire local`:
// `--ensemble-placement-policy <class>`, `--placement key=value` for any placement key, and
// `--client-conf <file>` (a BookKeeper client .properties file, of which the placement keys are
// read). Keys and values are BookKeeper's (docs/client.md, "Placement"); later flags win.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { QuireError } from '../common/errors.js';
import { parseProperties } from '../bookie/bookie-config.js';
import { type ClientConfig, placementConfigFromProperties } from '../clients/quorum/index.js';

export interface PlacementFlagValues {
  readonly clientConf?: string;
  readonly ensemblePlacementPolicy?: string;
  readonly placement?: string[];
}

const KEYS = ['ensemblePlacementPolicy', 'minNumRacksPerWriteQuorum', 'enforceMinNumRacksPerWriteQuorum', 'networkTopologyScriptFileName', 'networkTopologyScriptNumberArgs', 'networkTopologyMapping', 'reppMinimumRegionsForDurability'];

export function addPlacementFlags(cmd: Command): Command {
  return cmd
    .option('--client-conf <file>', 'BookKeeper client properties file; its placement keys are used (ensemblePlacementPolicy, minNumRacksPerWriteQuorum, ...)')
    .option('--ensemble-placement-policy <class>', 'org.apache.bookkeeper.client.DefaultEnsemblePlacementPolicy (default), RackawareEnsemblePlacementPolicy or RegionAwareEnsemblePlacementPolicy')
    .option('--placement <key=value>', `a placement key, e.g. --placement networkTopologyScriptFileName=/etc/quire/topology.sh (repeatable; keys: ${KEYS.join(', ')})`, (v: string, prev: string[] = []) => [...prev, v]);
}

export function placementFromFlags(o: PlacementFlagValues): Partial<ClientConfig> {
  const props = new Map<string, string>();
  if (o.clientConf !== undefined) {
    let text: string;
    try {
      text = readFileSync(o.clientConf, 'utf8');
    } catch (e) {
      throw new QuireError('CONFIG_INVALID', `cannot read client config file ${o.clientConf}: ${(e as Error).message}`);
    }
    for (const [k, v] of parseProperties(text)) if (KEYS.includes(k)) props.set(k, v);
  }
  if (o.ensemblePlacementPolicy !== undefined) props.set('ensemblePlacementPolicy', o.ensemblePlacementPolicy);
  for (const kv of o.placement ?? []) {
    const i = kv.indexOf('=');
    const key = i < 0 ? kv : kv.slice(0, i);
    if (i < 0 || !KEYS.includes(key)) throw new QuireError('CONFIG_INVALID', `--placement ${kv}: expected key=value with key one of ${KEYS.join(', ')}`);
    props.set(key, kv.slice(i + 1));
  }
  return placementConfigFromProperties(props);
}

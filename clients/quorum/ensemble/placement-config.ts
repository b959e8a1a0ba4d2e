// ensemblePlacementPolicy: the policy named by BookKeeper's class name, built with its rack
// resolution (static mapping, then networkTopologyScriptFileName). Also the BookKeeper-style
// properties (key=value strings, as in a bk_client.conf / the gateway's flags) for these keys.
import { QuireError } from '../../../common/errors.js';
import type { ClientConfig } from '../client-config.js';
import { type BookieAddressLookup, BookieLocationResolver, DEFAULT_RACK, DEFAULT_REGION_AND_RACK, ScriptBasedMapping, StaticMapping } from './network-topology.js';
import { type PlacementPolicy, RandomPlacementPolicy } from './placement-policy.js';
import { RackawarePlacementPolicy, RegionAwarePlacementPolicy } from './topology-placement.js';

const PKG = 'org.apache.bookkeeper.client.';
export const DEFAULT_POLICY = `${PKG}DefaultEnsemblePlacementPolicy`;
export const RACKAWARE_POLICY = `${PKG}RackawareEnsemblePlacementPolicy`;
export const REGIONAWARE_POLICY = `${PKG}RegionAwareEnsemblePlacementPolicy`;

type PolicyKind = 'default' | 'rackaware' | 'regionaware';

/** The class name (full, or the simple name) -> which policy. */
export function policyKind(className: string): PolicyKind {
  const simple = className.trim().replace(PKG, '');
  switch (simple) {
    case 'DefaultEnsemblePlacementPolicy':
      return 'default';
    case 'RackawareEnsemblePlacementPolicy':
      return 'rackaware';
    case 'RegionAwareEnsemblePlacementPolicy':
      return 'regionaware';
    default:
      throw new QuireError('CONFIG_INVALID', `ensemblePlacementPolicy ${JSON.stringify(className)} is not one of ${DEFAULT_POLICY}, ${RACKAWARE_POLICY}, ${REGIONAWARE_POLICY}`);
  }
}

type PlacementKeys = Pick<
  ClientConfig,
  | 'ensemblePlacementPolicy'
  | 'minNumRacksPerWriteQuorum'
  | 'enforceMinNumRacksPerWriteQuorum'
  | 'networkTopologyScriptFileName'
  | 'networkTopologyScriptNumberArgs'
  | 'networkTopologyMapping'
  | 'reppMinimumRegionsForDurability'
>;

export interface PlacementDeps {
  readonly addressOf: BookieAddressLookup;
  readonly random?: (() => number) | undefined;
}

/** The policy the config names (throws CONFIG_INVALID). Random needs no rack resolution at all. */
export function createPlacementPolicy(config: PlacementKeys, deps: PlacementDeps): PlacementPolicy {
  const kind = policyKind(config.ensemblePlacementPolicy);
  if (kind === 'default') return new RandomPlacementPolicy(deps.random);
  const hasMapping = Object.keys(config.networkTopologyMapping).length > 0;
  if (config.enforceMinNumRacksPerWriteQuorum && !hasMapping && config.networkTopologyScriptFileName === '') {
    // BookKeeper fails to start the policy here too: no resolver, so every bookie is on the default rack.
    throw new QuireError('CONFIG_INVALID', 'enforceMinNumRacksPerWriteQuorum needs networkTopologyScriptFileName or networkTopologyMapping');
  }
  const resolver = new BookieLocationResolver({
    addressOf: deps.addressOf,
    staticMapping: hasMapping ? new StaticMapping(config.networkTopologyMapping) : undefined,
    script: config.networkTopologyScriptFileName !== '' ? new ScriptBasedMapping(config.networkTopologyScriptFileName, config.networkTopologyScriptNumberArgs) : undefined,
    defaultLocation: kind === 'regionaware' ? DEFAULT_REGION_AND_RACK : DEFAULT_RACK,
  });
  const opts = {
    resolver,
    minNumRacksPerWriteQuorum: config.minNumRacksPerWriteQuorum,
    enforceMinNumRacksPerWriteQuorum: config.enforceMinNumRacksPerWriteQuorum,
    ...(deps.random ? { random: deps.random } : {}),
  };
  return kind === 'regionaware' ? new RegionAwarePlacementPolicy(opts, config.reppMinimumRegionsForDurability) : new RackawarePlacementPolicy(opts);
}

/**
 * BookKeeper's start-up check of the script (run with no arguments): a client whose script is
 * broken fails to start instead of placing every bookie on the default rack.
 */
export async function validatePlacementConfig(config: PlacementKeys): Promise<void> {
  if (policyKind(config.ensemblePlacementPolicy) === 'default' || config.networkTopologyScriptFileName === '') return;
  await new ScriptBasedMapping(config.networkTopologyScriptFileName, config.networkTopologyScriptNumberArgs).validate();
}

/** The placement keys of BookKeeper-style properties (strings); others are left alone. */
export function placementConfigFromProperties(props: ReadonlyMap<string, string>): Partial<ClientConfig> {
  const out: Record<string, unknown> = {};
  const int = (k: string, v: string) => {
    if (!/^\d+$/.test(v.trim())) throw new QuireError('CONFIG_INVALID', `${k} must be an integer, got ${JSON.stringify(v)}`);
    return Number(v.trim());
  };
  for (const [k, v] of props) {
    switch (k) {
      case 'ensemblePlacementPolicy':
        policyKind(v);
        out[k] = v.trim();
        break;
      case 'networkTopologyScriptFileName':
        out[k] = v.trim();
        break;
      case 'minNumRacksPerWriteQuorum':
      case 'networkTopologyScriptNumberArgs':
      case 'reppMinimumRegionsForDurability':
        out[k] = int(k, v);
        break;
      case 'enforceMinNumRacksPerWriteQuorum':
        if (!/^(true|false)$/i.test(v.trim())) throw new QuireError('CONFIG_INVALID', `${k} must be true or false, got ${JSON.stringify(v)}`);
        out[k] = v.trim().toLowerCase() === 'true';
        break;
      case 'networkTopologyMapping': {
        // name=/location pairs, comma separated: host1=/r1,10.0.0.2=/r2,bookie-3=/eu/r1
        const m: Record<string, string> = {};
        for (const pair of v.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
          const eq = pair.lastIndexOf('=');
          if (eq <= 0) throw new QuireError('CONFIG_INVALID', `networkTopologyMapping entry ${JSON.stringify(pair)} is not name=/location`);
          m[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
        }
        new StaticMapping(m);
        out[k] = m;
        break;
      }
      default:
        break;
    }
  }
  return out as Partial<ClientConfig>;
}

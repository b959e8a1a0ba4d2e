// Which bookies form a new ensemble, and which bookie replaces one of an ensemble (BookKeeper's
// EnsemblePlacementPolicy). The policies: random (DefaultEnsemblePlacementPolicy, here), rack-aware
// and region-aware (topology-placement.ts); ensemblePlacementPolicy selects one by BookKeeper's class
// name (placement-config.ts). Callers: ledger creation, a writer's ensemble change, and
// re-replication (autorecovery, decommission), which all pass the writable bookies as candidates.
import { QuireError } from '../../../common/errors.js';
import type { QuorumSizes } from './distribution-schedule.js';

/** BookKeeper's PlacementPolicyAdherence: how well an ensemble follows the policy. */
export type PlacementPolicyAdherence = 'FAIL' | 'MEETS_SOFT' | 'MEETS_STRICT';

export interface PlacementPolicy {
  /**
   * BookKeeper's newEnsemble(ensembleSize, writeQuorumSize, ackQuorumSize, customMetadata,
   * excludeBookies): quorum.ensembleSize distinct bookies from candidates, none in excluded, in
   * ensemble order (index i stores the entries whose write set holds i). Throws NOT_ENOUGH_BOOKIES.
   */
  newEnsemble(quorum: QuorumSizes, candidates: readonly string[], excluded: ReadonlySet<string>): Promise<string[]>;
  /**
   * BookKeeper's replaceBookie(ensembleSize, writeQuorumSize, ackQuorumSize, customMetadata,
   * currentEnsemble, bookieToReplace, excludeBookies): a bookie for bookieToReplace's place in
   * currentEnsemble, from candidates, never one of currentEnsemble, bookieToReplace or excluded.
   * Throws NOT_ENOUGH_BOOKIES.
   */
  replaceBookie(
    quorum: QuorumSizes,
    currentEnsemble: readonly string[],
    bookieToReplace: string,
    candidates: readonly string[],
    excluded: ReadonlySet<string>,
  ): Promise<string>;
  /**
   * BookKeeper's isEnsembleAdheringToPlacementPolicy(ensembleList, writeQuorumSize,
   * ackQuorumSize): whether an existing ensemble (one segment's bookies) follows this policy (the
   * auditor's placement-policy check).
   */
  isEnsembleAdheringToPlacementPolicy(ensemble: readonly string[], quorum: Pick<QuorumSizes, 'writeQuorumSize' | 'ackQuorumSize'>): Promise<PlacementPolicyAdherence>;
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** BookKeeper's BKNotEnoughBookiesException (code -6), with why. */
export function notEnoughBookies(why: string): QuireError {
  return new QuireError('NOT_ENOUGH_BOOKIES', `Not enough non-faulty bookies available: ${why}`);
}

/** Distinct candidates not excluded, sorted (the order random choices start from, for seeded runs). */
export function eligible(candidates: readonly string[], ...excluded: ReadonlySet<string>[]): string[] {
  return [...new Set(candidates)].filter((b) => !excluded.some((x) => x.has(b))).sort();
}

/** BookKeeper's DefaultEnsemblePlacementPolicy: uniformly random, nothing else. */
export class RandomPlacementPolicy implements PlacementPolicy {
  constructor(private readonly random: () => number = Math.random) {}

  newEnsemble(quorum: QuorumSizes, candidates: readonly string[], excluded: ReadonlySet<string>): Promise<string[]> {
    const pool = eligible(candidates, excluded);
    if (pool.length < quorum.ensembleSize) return Promise.reject(notEnoughBookies(`need ${quorum.ensembleSize} writable bookies, ${pool.length} available`));
    return Promise.resolve(shuffled(pool, this.random).slice(0, quorum.ensembleSize));
  }

  replaceBookie(_quorum: QuorumSizes, currentEnsemble: readonly string[], bookieToReplace: string, candidates: readonly string[], excluded: ReadonlySet<string>): Promise<string> {
    const pool = eligible(candidates, excluded, new Set(currentEnsemble), new Set([bookieToReplace]));
    if (pool.length === 0) return Promise.reject(notEnoughBookies(`no writable bookie outside the ensemble to replace ${bookieToReplace}`));
    return Promise.resolve(pool[Math.floor(this.random() * pool.length)]!);
  }

  /** Any ensemble meets the random policy (BookKeeper's default policy says MEETS_STRICT). */
  isEnsembleAdheringToPlacementPolicy(): Promise<PlacementPolicyAdherence> {
    return Promise.resolve('MEETS_STRICT');
  }
}

/**
 * BookKeeper's LocalBookieEnsemblePlacementPolicy: the ensemble is one given bookie, alone (the
 * sanity tests' E=Qw=Qa=1 ledgers); it never changes.
 */
export class LocalBookiePlacementPolicy implements PlacementPolicy {
  constructor(private readonly bookieId: string) {}

  newEnsemble(quorum: QuorumSizes, candidates: readonly string[]): Promise<string[]> {
    if (!candidates.includes(this.bookieId)) return Promise.reject(notEnoughBookies(`bookie ${this.bookieId} is not registered as writable`));
    if (quorum.ensembleSize !== 1) return Promise.reject(notEnoughBookies(`this ledger is placed on bookie ${this.bookieId} alone (ensemble size 1, not ${quorum.ensembleSize})`));
    return Promise.resolve([this.bookieId]);
  }

  replaceBookie(): Promise<string> {
    return Promise.reject(notEnoughBookies(`this ledger is written to ${this.bookieId} only and cannot change its ensemble`));
  }

  isEnsembleAdheringToPlacementPolicy(): Promise<PlacementPolicyAdherence> {
    return Promise.resolve('MEETS_STRICT');
  }
}

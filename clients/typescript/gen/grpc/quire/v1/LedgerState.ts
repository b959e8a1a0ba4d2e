// Original file: proto/quire/v1/ledger.proto

export const LedgerState = {
  LEDGER_STATE_UNSPECIFIED: 'LEDGER_STATE_UNSPECIFIED',
  LEDGER_STATE_OPEN: 'LEDGER_STATE_OPEN',
  LEDGER_STATE_IN_RECOVERY: 'LEDGER_STATE_IN_RECOVERY',
  LEDGER_STATE_CLOSED: 'LEDGER_STATE_CLOSED',
} as const;

export type LedgerState =
  | 'LEDGER_STATE_UNSPECIFIED'
  | 0
  | 'LEDGER_STATE_OPEN'
  | 1
  | 'LEDGER_STATE_IN_RECOVERY'
  | 2
  | 'LEDGER_STATE_CLOSED'
  | 3

export type LedgerState__Output = typeof LedgerState[keyof typeof LedgerState]

// Imported first by bench/main.ts: benchmark output is the tables, so logs default to warnings.
process.env.QUIRE_LOG_LEVEL ??= 'warn';
export {};

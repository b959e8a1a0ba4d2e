// Imported first by cli/main.ts, before any other module runs:
// - the libuv threadpool is shared by the bookie's fdatasync, journal zero-fill, entry-log writes
//   and LevelDB; its default of 4 threads lets one slow checkpoint sync hold up journal syncs;
// - `quire local` is for a person at a terminal: its friendly summary is the output, so logs
//   default to warnings there (servers keep info). An explicit setting always wins.
process.env.UV_THREADPOOL_SIZE ??= '16';
if (process.argv[2] === 'local') process.env.QUIRE_LOG_LEVEL ??= 'warn';
export {};

// Imported first by cli/main.ts, before anything can touch the libuv threadpool: the bookie's
// fdatasync, journal zero-fill, entry-log writes and LevelDB all share that pool, and its default
// of 4 threads lets one slow checkpoint sync hold up journal syncs. An explicit setting wins.
process.env.UV_THREADPOOL_SIZE ??= '16';
export {};

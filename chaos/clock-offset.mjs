// A preload (node --import) that shifts this process's wall clock: Date.now() and `new Date()`
// answer the real time plus an offset. The offset starts at QUIRE_CHAOS_CLOCK_OFFSET_MS (the
// clock-jump fault: a process started on a wrong clock) and, when QUIRE_CHAOS_CLOCK_CONTROL names a
// file, is re-read from it on SIGUSR2 (the clock-step fault: the clock jumps while the process
// runs, as an NTP step or a VM resume does). The monotonic clocks (timers, performance.now,
// process.hrtime) are left alone, as a step of the system clock leaves them. The chaos cluster
// gives it through NODE_OPTIONS; plain JavaScript, since NODE_OPTIONS' imports load before tsx.
import { readFileSync } from 'node:fs';

let offset = Number(process.env.QUIRE_CHAOS_CLOCK_OFFSET_MS ?? 0) || 0;
const control = process.env.QUIRE_CHAOS_CLOCK_CONTROL;
if (control !== undefined && control !== '') {
  // The fault bookie's fsync control shares SIGUSR2: each handler re-reads only its own file.
  process.on('SIGUSR2', () => {
    try {
      offset = Number(readFileSync(control, 'utf8').trim()) || 0;
    } catch {
      offset = 0;
    }
  });
}
if (offset !== 0 || control !== undefined) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + offset);
      else super(...args);
    }

    static now() {
      return realNow() + offset;
    }
  }
  // Date() called as a function answers a string of the current time.
  globalThis.Date = new Proxy(ShiftedDate, { apply: () => new ShiftedDate().toString() });
}

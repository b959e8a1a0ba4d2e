// A preload (node --import) that shifts this process's wall clock by QUIRE_CHAOS_CLOCK_OFFSET_MS:
// Date.now() and `new Date()` answer the real time plus the offset, for the whole life of the
// process. The monotonic clocks (timers, performance.now, process.hrtime) are left alone, as a
// jump of the system clock leaves them. The chaos cluster gives it to a gateway through
// NODE_OPTIONS for the nemesis's clock-jump fault; plain JavaScript, since NODE_OPTIONS' imports
// load before tsx.
const offset = Number(process.env.QUIRE_CHAOS_CLOCK_OFFSET_MS ?? 0);
if (Number.isFinite(offset) && offset !== 0) {
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

// Latency percentiles and plain-text tables for benchmarks.

/** Keeps every sample (benchmarks are bounded in time), sorts once on read. */
export class Histogram {
  private samples: number[] = [];
  private sorted = true;
  record(ms: number): void {
    this.samples.push(ms);
    this.sorted = false;
  }
  get count(): number {
    return this.samples.length;
  }
  p(percentile: number): number {
    if (this.samples.length === 0) return NaN;
    if (!this.sorted) {
      this.samples.sort((a, b) => a - b);
      this.sorted = true;
    }
    const i = Math.min(this.samples.length - 1, Math.ceil((percentile / 100) * this.samples.length) - 1);
    return this.samples[Math.max(0, i)]!;
  }
}

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padStart(widths[i]!)).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

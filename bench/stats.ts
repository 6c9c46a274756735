// Medians and spreads of repeated timings.
export interface Stats {
  min: number;
  median: number;
  max: number;
}

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0] ?? 0, median: s[Math.floor(s.length / 2)] ?? 0, max: s.at(-1) ?? 0 };
}

export function fmt(s: Stats): string {
  return `${s.median.toFixed(3)} s [${s.min.toFixed(3)}–${s.max.toFixed(3)}]`;
}

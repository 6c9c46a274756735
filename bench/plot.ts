// bench.svg: seconds against hosts on the LAN, one line per series (v6lab, floor, Mininet).
import { escapeXml as x } from '../lab/report/escape.js';

export interface Series {
  name: string;
  color: string;
  points: { n: number; seconds: number }[];
}

export function plotSvg(title: string, series: Series[]): string {
  const W = 640;
  const H = 400;
  const m = { l: 60, r: 20, t: 40, b: 50 };
  const ns = [...new Set(series.flatMap((s) => s.points.map((p) => p.n)))].sort((a, b) => a - b);
  const maxN = Math.max(...ns, 1);
  const maxS = Math.max(...series.flatMap((s) => s.points.map((p) => p.seconds)), 0.1) * 1.1;
  const px = (n: number): number => m.l + (n / maxN) * (W - m.l - m.r);
  const py = (s: number): number => H - m.b - (s / maxS) * (H - m.t - m.b);
  const yTicks = Array.from({ length: 6 }, (_, i) => (maxS / 5) * i);
  const axes = [
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#333"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#333"/>`,
    ...ns.map((n) => `<text x="${px(n)}" y="${H - m.b + 16}" text-anchor="middle">${n}</text>`),
    ...yTicks.map((s) => `<text x="${m.l - 6}" y="${py(s) + 4}" text-anchor="end">${s.toFixed(1)}</text><line x1="${m.l}" y1="${py(s)}" x2="${W - m.r}" y2="${py(s)}" stroke="#eee"/>`),
    `<text x="${(W + m.l) / 2}" y="${H - 10}" text-anchor="middle">hosts on the LAN</text>`,
    `<text x="14" y="${(H - m.b + m.t) / 2}" transform="rotate(-90 14 ${(H - m.b + m.t) / 2})" text-anchor="middle">seconds</text>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-weight="bold">${x(title)}</text>`,
  ];
  const lines = series.map((s, i) => {
    const pts = s.points.map((p) => `${px(p.n)},${py(p.seconds)}`).join(' ');
    const dots = s.points.map((p) => `<circle cx="${px(p.n)}" cy="${py(p.seconds)}" r="3" fill="${s.color}"/>`).join('');
    return `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>${dots}<text x="${m.l + 10}" y="${m.t + 14 + i * 14}" fill="${s.color}">${x(s.name)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" font-family="sans-serif" font-size="11">${axes.join('')}${lines.join('')}</svg>\n`;
}

// Renders a daemon's config as the guide wrote it, plus the lab's changes kept visibly apart:
// corrections (a guide line replaced, and why) and additions (lines the lab needs, and why).
export interface ConfigCorrection {
  /** The guide's line, exactly as written. */
  guide: string;
  /** What the lab uses instead (may be several lines, or empty to drop it). */
  use: string[];
  why: string;
}

export interface ConfigAddition {
  lines: string[];
  why: string;
}

export interface ComposedConfig {
  guideText: string;
  corrections: ConfigCorrection[];
  additions: ConfigAddition[];
}

/** The guide's text with corrections applied in place and additions appended, each commented. */
export function renderConfig(c: ComposedConfig, comment = '#'): string {
  const out: string[] = [];
  const pending = new Map(c.corrections.map((x) => [x.guide.trim(), x]));
  for (const line of c.guideText.split('\n')) {
    const fix = pending.get(line.trim());
    if (fix) {
      out.push(`${comment} v6lab correction: the guide's "${fix.guide.trim()}" — ${fix.why}`);
      const indent = /^\s*/.exec(line)?.[0] ?? '';
      out.push(...fix.use.map((u) => indent + u));
      pending.delete(line.trim());
    } else {
      out.push(line);
    }
  }
  if (pending.size > 0) throw new Error(`correction targets not found in the guide's text: ${[...pending.keys()].join(' | ')}`);
  for (const a of c.additions) {
    out.push(`${comment} v6lab addition: ${a.why}`, ...a.lines);
  }
  return out.join('\n') + '\n';
}

/** One thing a plan changes in a guide's config: the guide's value, the plan's, and what it is. */
export interface PlanValue {
  guide: string;
  plan: string;
  what: string;
}

/**
 * The corrections a plan makes to a guide's config: each line spelling a guide value the plan
 * changes is rewritten with the plan's (lines another correction already replaces are left to it).
 */
export function planCorrections(guideText: string, values: PlanValue[], already: ConfigCorrection[] = []): ConfigCorrection[] {
  const taken = new Set(already.map((c) => c.guide.trim()));
  const changed = values.filter((v) => v.guide !== v.plan);
  return guideText.split('\n').flatMap((line) => {
    const hits = changed.filter((v) => line.includes(v.guide));
    if (hits.length === 0 || taken.has(line.trim())) return [];
    const use = hits.reduce((l, v) => l.replaceAll(v.guide, v.plan), line.trim());
    return [{ guide: line.trim(), use: [use], why: `your plan: ${hits.map((v) => `${v.what} is ${v.plan}`).join(', ')}` }];
  });
}

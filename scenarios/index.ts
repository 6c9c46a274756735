// Every method the lab knows, by the name users type (`npm run lab -- <name>`).
import type { Scenario } from '../lab/scenario.js';
import { llaOnlyScenario } from './lla-only/index.js';
import { nat64Scenario } from './nat64/index.js';
import { nat64ClatScenario } from './nat64-clat/index.js';
import { proxyHttpScenario } from './proxy-http/index.js';
import { proxySocksScenario } from './proxy-socks/index.js';

const PRESETS = {
  nat64: nat64Scenario,
  'nat64-clat': nat64ClatScenario,
  'lla-only': llaOnlyScenario,
  'proxy-http': proxyHttpScenario,
  'proxy-socks': proxySocksScenario,
} as const;

/** The presets' names, for typed lab specs (defineLab). */
export type MethodName = keyof typeof PRESETS;

export const SCENARIOS: Record<string, Scenario> = PRESETS;

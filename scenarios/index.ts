// Every method the lab knows, by the name users type (`npm run lab -- <name>`).
import type { Scenario } from '../lab/scenario.js';
import { llaOnlyScenario } from './lla-only/index.js';
import { nat64Scenario } from './nat64/index.js';
import { proxyHttpScenario } from './proxy-http/index.js';
import { proxySocksScenario } from './proxy-socks/index.js';

export const SCENARIOS: Record<string, Scenario> = {
  [nat64Scenario.name]: nat64Scenario,
  [llaOnlyScenario.name]: llaOnlyScenario,
  [proxyHttpScenario.name]: proxyHttpScenario,
  [proxySocksScenario.name]: proxySocksScenario,
};

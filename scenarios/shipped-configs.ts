// The corrected configs shipped for users to copy (scenarios/*/corrected/): the guide's lines
// with only the lab's corrections and the rules a daemon cannot work without. A test keeps the
// files equal to what this renders, so they never drift from what the lab deploys and checks.
import { renderConfig } from '../lab/services/config-text.js';
import { SQUID_CORRECTIONS } from './proxy-http/index.js';
import { GUIDE_SQUID } from './proxy-http/guide-configs.js';
import { DANTE_CORRECTIONS, DANTE_RULES } from './proxy-socks/index.js';
import { GUIDE_DANTE } from './proxy-socks/guide-configs.js';

export const SHIPPED_CONFIGS: Record<string, string> = {
  'scenarios/proxy-http/corrected/squid.conf': renderConfig({
    guideText: GUIDE_SQUID,
    corrections: SQUID_CORRECTIONS,
    additions: [{ why: "deny whatever the rules above did not allow (Squid's own recommended last rule)", lines: ['http_access deny all'] }],
  }),
  'scenarios/proxy-socks/corrected/danted.conf': renderConfig({
    guideText: GUIDE_DANTE,
    // The guide's log file is fine on a real gateway; only the lab sends it to stderr.
    corrections: DANTE_CORRECTIONS.filter((c) => !c.guide.startsWith('logoutput')),
    additions: [{ why: 'Dante passes nothing without client and socks rules: allow the link-local clients', lines: DANTE_RULES }],
  }),
};

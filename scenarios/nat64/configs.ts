// The guide's method-1 configs as the lab deploys them: the guide's lines, with each correction,
// each change the plan makes, and each addition written into the file with its reason.
import type { Plan } from '../../lab/plan/plan.js';
import { planCorrections, type ComposedConfig, type ConfigCorrection } from '../../lab/services/config-text.js';
import { GUIDE_PLAN } from '../common/address-plan.js';
import type { Dns64Params } from '../../lab/services/role.js';
import { GUIDE_DNSMASQ, GUIDE_UNBOUND } from './guide-configs.js';

/** The guide's own values that a plan may change, in the guide's configs. */
function planValues(plan: Plan) {
  return [
    { guide: GUIDE_PLAN.lan.gateway, plan: plan.lan.gateway, what: "the gateway's LAN address" },
    { guide: GUIDE_PLAN.nat64.prefix, plan: plan.nat64.prefix, what: 'the NAT64 prefix' },
  ];
}

export function dnsmasqConfig(plan: Plan): ComposedConfig {
  return {
    guideText: GUIDE_DNSMASQ,
    corrections: planCorrections(GUIDE_DNSMASQ, planValues(plan)),
    additions: [{ why: `dnsmasq would also serve DNS on port 53 of every address and keep Unbound from binding ${plan.lan.gateway}`, lines: ['port=0'] }],
  };
}

/** The guide's Unbound for the plan, as its parameters ask (a fault may turn DNS64 off, synthesize for all, open it). */
export function unboundConfig(plan: Plan, params: Dns64Params): ComposedConfig {
  const corrections: ConfigCorrection[] = [
    { guide: 'dns64:', use: [], why: 'Unbound has no "dns64:" clause (unbound-checkconf: unknown keyword); the prefix is a server option' },
    { guide: `prefix: ${GUIDE_PLAN.nat64.prefix}`, use: [`dns64-prefix: ${plan.nat64.prefix}`], why: 'the server option is named dns64-prefix' },
    ...(!params.dns64
      ? [{ guide: 'module-config: "dns64 validator iterator"', use: ['module-config: "validator iterator"'], why: 'DNS64 off (fault no-dns64): the module removed on purpose' }]
      : []),
  ];
  return {
    guideText: GUIDE_UNBOUND,
    corrections: [...corrections, ...planCorrections(GUIDE_UNBOUND, planValues(plan), corrections)],
    additions: [
      {
        why: `Unbound refuses queries from anyone not listed; the LAN is ${plan.lan.prefix} (and fe80::/10 for link-local clients)`,
        lines: [`  access-control: ${plan.lan.prefix} allow`, '  access-control: fe80::/10 allow'],
      },
      ...(params.synthAll ? [{ why: 'synthesis for every name (fault dns64-synthall): even where a real AAAA exists', lines: ['  dns64-synthall: yes'] }] : []),
      ...(params.openOn ? [{ why: 'open to the uplink (fault open-resolver): also listen there and answer anyone', lines: [`  interface: ${params.openOn}`, '  access-control: 0.0.0.0/0 allow'] }] : []),
    ],
  };
}

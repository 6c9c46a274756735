// Reading each daemon's own checker: which line it blames, in its own words, and what it leaves
// unjudged. Fed outputs recorded from the real checkers (Debian 12's unbound 1.17, dnsmasq 2.90,
// squid 5.7, dante 1.4) on the guide's lines.
import { describe, expect, it } from 'vitest';
import { judgeCheckerOutput } from '../../lab/services/config-audit.js';
import { dante } from '../../lab/services/dante.js';
import { dnsmasq } from '../../lab/services/dnsmasq.js';
import { squid } from '../../lab/services/squid.js';
import { unbound } from '../../lab/services/unbound.js';

const PATH = '/run/v6lab/abc123/configs/gw/guide-verbatim/test.conf';
const judge = (daemon: typeof unbound | typeof dnsmasq | typeof squid | typeof dante, text: string, exitCode: number, stderr: string) =>
  judgeCheckerOutput({ daemon: daemon.name, checker: daemon.checker, text, path: PATH, result: { exitCode, stdout: '', stderr } }).map((e) => [e.line.trim(), e.ok, e.message]);

describe("each daemon's checker, read line by line", () => {
  it('unbound-checkconf reports every bad line: the guide\'s dns64: clause fails, the rest is accepted', () => {
    const text = ['server:', '  module-config: "dns64 validator iterator"', 'dns64:', '  prefix: 64:ff9b::/96'].join('\n');
    const out = [`${PATH}:3: error: unknown keyword 'dns64'`, `${PATH}:3: error: stray ':'`, `${PATH}:4: error: unknown keyword 'prefix'`, `read ${PATH} failed: 3 errors in configuration file`].join('\n');
    expect(judge(unbound, text, 1, out)).toEqual([
      ['server:', true, 'accepted (the checker reported errors on other lines only)'],
      ['module-config: "dns64 validator iterator"', true, 'accepted (the checker reported errors on other lines only)'],
      ['dns64:', false, "line 3: error: unknown keyword 'dns64'; line 3: error: stray ':'"],
      ['prefix: 64:ff9b::/96', false, "line 4: error: unknown keyword 'prefix'"],
    ]);
  });

  it('dnsmasq stops at its first bad line: the lines after it are not judged', () => {
    const out = `dnsmasq: bad option at line 2 of ${PATH}`;
    expect(judge(dnsmasq, 'enable-ra\nbogus-option=1\nport=0', 1, out)).toEqual([
      ['enable-ra', true, 'accepted (the checker reported errors on other lines only)'],
      ['bogus-option=1', false, 'dnsmasq: bad option at line 2 of the file'],
      ['port=0', false, 'not judged: the checker stopped at line 2'],
    ]);
    expect(judge(dnsmasq, 'enable-ra', 0, 'dnsmasq: syntax check OK.')).toEqual([['enable-ra', true, 'accepted by the checker']]);
  });

  it("squid -k parse: the FATAL without a line number explains the line it calls bungled; its timestamps go", () => {
    const out = [
      '2026/11/26 19:36:28| Processing: acl localv6 localnet',
      "2026/11/26 19:36:28| FATAL: Invalid ACL type 'localnet'",
      `2026/11/26 19:36:28| FATAL: Bungled ${PATH} line 2: acl localv6 localnet`,
    ].join('\n');
    expect(judge(squid, 'http_port [fe80::1%eth0]:3128\nacl localv6 localnet\nhttp_access allow localv6', 1, out)).toEqual([
      ['http_port [fe80::1%eth0]:3128', true, 'accepted (the checker reported errors on other lines only)'],
      ['acl localv6 localnet', false, "FATAL: Invalid ACL type 'localnet'; FATAL: Bungled the file line 2: acl localv6 localnet"],
      ['http_access allow localv6', false, 'not judged: the checker stopped at line 2'],
    ]);
  });

  it('danted -V: "problem on line N" is the bad line; a deprecation warning alone still works', () => {
    const failed = `Nov 26 19:36:28 (1795721788.045290) danted[12783]: error: ${PATH}: problem on line 2 near token "[fe80::1%eth0]": could not resolve hostname "[fe80::1%eth0]"`;
    expect(judge(dante, 'logoutput: stderr\ninternal: [fe80::1%eth0] port = 1080\nexternal: eth1', 1, failed)).toEqual([
      ['logoutput: stderr', true, 'accepted (the checker reported errors on other lines only)'],
      ['internal: [fe80::1%eth0] port = 1080', false, 'error: problem on line 2 near token "[fe80::1%eth0]": could not resolve hostname "[fe80::1%eth0]"'],
      ['external: eth1', false, 'not judged: the checker stopped at line 2'],
    ]);
    const warned = `Nov 26 19:36:28 (1795721788.1) danted[1]: warning: ${PATH}: problem on line 1 near token "method": keyword "method" is deprecated`;
    expect(judge(dante, 'method: username none', 0, warned)).toEqual([['method: username none', true, 'warning: problem on line 1 near token "method": keyword "method" is deprecated']]);
  });

  it('a checker that fails without naming a line leaves every line unjudged, with its words', () => {
    expect(judge(unbound, 'server:', 1, 'fatal error: could not open file')).toEqual([['server:', false, 'not judged: the checker failed (exit 1): fatal error: could not open file']]);
  });
});

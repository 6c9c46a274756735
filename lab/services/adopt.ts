// Adopting a user's own config file for a role: only the rewrites a lab needs (paths into the
// lab's state directory, chroot and user switches off, the lab's interface names, no trust anchor
// the lab's unsigned root cannot satisfy), each kept as a rewrite with its reason and shown as a
// unified diff; then the daemon's own checker judges the adopted copy, and its complaints are
// mapped back to the user's file and line.
import type { CheckerInterfaces } from '../runtime/one-shot.js';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { bareAddress, sameAddress } from '../topology/address.js';
import type { ServiceDefinition } from './service.js';

/** What a rewrite may use: where the lab keeps the daemon's files, and what its config must point at. */
export interface AdoptContext {
  /** The daemon's directory in the lab (pid, logs, state, root hints). */
  dir: string;
  /** The lab's LAN interface, for configs that name interfaces. */
  ifname: string;
}

export interface AdoptRule {
  /** The lines it rewrites (matched against the trimmed line). */
  match: RegExp;
  /** What the lab uses instead ([] drops the line). */
  replace(m: RegExpExecArray, c: AdoptContext): string[];
  why: string;
}

/** Lines the lab adds when the file has none of its own (e.g. the root hints). */
export interface AdoptAddition {
  /** Skipped when a line of the adopted text so far matches (the user's, or an earlier addition's). */
  unless: RegExp;
  lines(c: AdoptContext): string[];
  /** Inserted after the first line matching this (e.g. Unbound's "server:"), else appended. */
  after?: RegExp;
  why: string;
}

export interface Adoption<P> {
  /** The adopted copy's file name (some daemons want one: PowerDNS reads recursor.conf). */
  fileName: string;
  rules: AdoptRule[];
  additions?: AdoptAddition[];
  /** Files (in the daemon's directory) its checker wants to exist, e.g. the root hints the adopted config names. */
  checkerFiles?: string[];
  /**
   * Interfaces its checker resolves (Dante's `internal: eth0`): the check then runs in a
   * throwaway namespace holding them (a veth pair, made and deleted inside it; nothing else).
   */
  checkerInterfaces?: CheckerInterfaces;
  /** The daemon, running the adopted file at `path`. */
  service(p: P, path: string): ServiceDefinition;
  /**
   * The ports its listen lines name (a proxy's `http_port`, `Port`, `listen-address`…), with the
   * address where a line has one: the run listens where the user's config says (adoptedPort).
   */
  listens?(text: string): Listen[];
}

/** One listen line of a config: a port, on an address or (no address) on every address. */
export interface Listen {
  address?: string;
  port: number;
}

/** The port of the listen line on `address` (compared as values), else of the only wildcard or only line. */
export function adoptedPort(listens: Listen[], address: string): number | undefined {
  const on = listens.find((l) => l.address !== undefined && sameAddress(bareAddress(l.address), bareAddress(address)));
  if (on) return on.port;
  const ports = [...new Set(listens.map((l) => l.port))];
  return ports.length === 1 ? ports[0] : undefined;
}

/** The matches of `re` on a config's lines (trimmed; comment lines never match a keyword). */
export function configLines(text: string, re: RegExp): RegExpExecArray[] {
  return text.split('\n').flatMap((l) => {
    const m = re.exec(l.trim());
    return m ? [m] : [];
  });
}

/** "[fe80::1%eth0]:3128", "192.0.2.1:3128", ":8118" or "3128" → a listen (undefined when it is none of those). */
export function hostPort(text: string): Listen | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:\s]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  if (!m) return undefined;
  const address = m[1] || m[2] || undefined;
  return { ...(address ? { address } : {}), port: Number(m[3]) };
}

/**
 * The daemon as its adoption runs it, on a config text written at the adoption's file name: the
 * user's adopted copy, or the module's own rendering for the role (one way to run each daemon).
 */
export function serviceOnConfig<P extends { dir: string }>(adoption: Adoption<P>, p: P, text: string): ServiceDefinition {
  const path = join(p.dir, adoption.fileName);
  const svc = adoption.service(p, path);
  return { ...svc, files: [{ path, content: text }, ...svc.files] };
}

export interface Rewrite {
  /** The user's line number (0 for a line the lab added). */
  line: number;
  was: string;
  now: string[];
  why: string;
}

export interface Adopted {
  text: string;
  rewrites: Rewrite[];
  /** For each line of the adopted text, the user's line it came from (0: added by the lab). */
  origin: number[];
  diff: string;
}

export function adoptText(file: string, text: string, adoption: Adoption<unknown>, c: AdoptContext): Adopted {
  const out: { text: string; origin: number }[] = [];
  const rewrites: Rewrite[] = [];
  const lines = text.replace(/\n$/, '').split('\n');
  lines.forEach((line, i) => {
    const rule = adoption.rules.map((r) => ({ r, m: r.match.exec(line.trim()) })).find((x) => x.m);
    if (!rule?.m) {
      out.push({ text: line, origin: i + 1 });
      return;
    }
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    const now = rule.r.replace(rule.m, c).map((l) => indent + l);
    if (now.length === 1 && now[0] === line) {
      out.push({ text: line, origin: i + 1 });
      return;
    }
    rewrites.push({ line: i + 1, was: line, now, why: rule.r.why });
    out.push(...now.map((l) => ({ text: l, origin: i + 1 })));
  });
  for (const a of adoption.additions ?? []) {
    if (out.some((l) => a.unless.test(l.text.trim()))) continue;
    const added = a.lines(c).map((l) => ({ text: l, origin: 0 }));
    const at = a.after ? out.findIndex((l) => a.after!.test(l.text.trim())) : -1;
    out.splice(at >= 0 ? at + 1 : out.length, 0, ...added);
    rewrites.push({ line: 0, was: '', now: added.map((l) => l.text), why: a.why });
  }
  const adopted = out.map((l) => l.text).join('\n') + '\n';
  return { text: adopted, rewrites, origin: out.map((l) => l.origin), diff: createTwoFilesPatch(file, `${file} (as the lab runs it)`, text.endsWith('\n') ? text : `${text}\n`, adopted, undefined, undefined, { context: 1 }) };
}

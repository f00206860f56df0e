/**
 * userAgent parser for CloudTrail records. Pure and table-driven; never throws. Understands the
 * legacy `name/version` list and the SDK ua/2.x `name/value#extra` tokens, recognises browsers,
 * AWS console and service callers, and unwraps `[...]` (S3 data events).
 */

import { INVISIBLE, INVISIBLE_RANGES } from '../text.ts';
import {
  BROWSERS,
  DISTROS,
  type DistroRow,
  EXEC_ENVS,
  FAMILY_BY_TOKEN,
  LANG_TOKENS,
  OS_TOKENS,
} from './ua-tables.ts';

/** Only this much of a userAgent is parsed; real clients stay well under 1 kB. */
export const UA_PARSE_LIMIT = 4096;
const UA_SANE_LENGTH = 1024;
const INVISIBLE_OR_SPACE_RUN = new RegExp(`[${INVISIBLE_RANGES}\\s]+`, 'gu');

export type UaKind =
  | 'sdk'
  | 'browser'
  | 'console'
  | 'aws-service'
  | 'aws-internal'
  | 'http-client'
  | 'other'
  | 'missing';

export interface UaToken {
  name: string;
  value: string;
  /** Part after `#` in ua/2.x tokens, e.g. `6.12.13-cloud-amd64` in `os/linux#6.12.13-cloud-amd64`. */
  extra?: string;
}

export interface UaFacts {
  kind: UaKind;
  family?: string;
  familyVersion?: string;
  botocoreVersion?: string;
  lang?: string;
  langVersion?: string;
  os?: string;
  osRelease?: string;
  distro?: string;
  pentestDistro?: string;
  execEnv?: string;
  installer?: string;
  command?: string;
  browser?: string;
  wrapped: boolean;
  /** Anything odd about the string itself; any entry makes the userAgent unusable for a verdict. */
  anomalies: string[];
  tokens: UaToken[];
  /** The parsed text (unwrapped, capped), for signature matching. */
  text: string;
}

const AWS_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i;

/**
 * The AWS console and the console back ends that call AWS on a person's behalf:
 * `console.amazonaws.com`, `console.ec2.amazonaws.com`, `signin.amazonaws.com`, `AWSConsole`,
 * `S3Console/0.4`, `EC2ConsoleBackend, aws-sdk-java/…`, `<Service> Console`.
 */
export const CONSOLE_UA =
  /^(?:console|signin)(?:\.[a-z0-9-]+)?\.(?:aws\.)?amazonaws\.com(?:\.cn)?$|^AWS ?Console(?![a-z])|^S3Console(?![a-z])|^[A-Za-z0-9]+ConsoleBackend(?![a-z])|^(?:AWS |Amazon )?[A-Za-z0-9][\w.-]* Console(?:$|[ ,;/])/i;

const SUB_SLASH = new Set(['lang', 'md', 'api', 'os']);

function tokenize(text: string): UaToken[] {
  const out: UaToken[] = [];
  let depth = 0;
  for (const word of text.split(' ')) {
    if (!word) continue;
    const opens = (word.match(/\(/g) ?? []).length;
    const closes = (word.match(/\)/g) ?? []).length;
    const inComment = depth > 0 || word.startsWith('(');
    depth = Math.max(0, depth + opens - closes);
    if (inComment) {
      out.push({ name: '(', value: word.replace(/[();]/g, '') });
      continue;
    }
    const slash = word.indexOf('/');
    if (slash <= 0) {
      out.push({ name: word, value: '' });
      continue;
    }
    const name = word.slice(0, slash);
    const rest = word.slice(slash + 1);
    // Older ua/2 builds and some SDKs use `/` where newer ones use `#` (lang/go/1.17.6, OS/Linux/5.4).
    const hash = rest.includes('#')
      ? rest.indexOf('#')
      : SUB_SLASH.has(name.toLowerCase())
        ? rest.indexOf('/')
        : -1;
    out.push(
      hash >= 0 ? { name, value: rest.slice(0, hash), extra: rest.slice(hash + 1) } : { name, value: rest },
    );
  }
  return out;
}

function distroFrom(text: string): DistroRow | undefined {
  return DISTROS.find((row) => row.match.test(text));
}

function anomaliesOf(raw: string): string[] {
  const out: string[] = [];
  if (raw.length > UA_SANE_LENGTH) out.push(`userAgent is ${raw.length} characters long`);
  if (INVISIBLE.test(raw.slice(0, UA_PARSE_LIMIT))) out.push('userAgent has control characters');
  else if (/[^\x20-\x7e]/.test(raw.slice(0, UA_PARSE_LIMIT))) out.push('userAgent has non-ASCII characters');
  return out;
}

function unwrap(raw: string): { text: string; wrapped: boolean } {
  const t = raw.trim();
  if (t.startsWith('[') && t.endsWith(']')) return { text: t.slice(1, -1).trim(), wrapped: true };
  return { text: t, wrapped: false };
}

/** Applies what one token says to the facts. */
function absorb(f: UaFacts, t: UaToken): void {
  const name = t.name.toLowerCase();
  if (name === '(') {
    const goVer = /^go(\d+\.\d+(?:\.\d+)?)$/.exec(t.value);
    if (goVer && !f.lang) {
      f.lang = 'Go';
      f.langVersion = goVer[1];
    }
    const os = OS_TOKENS[t.value.toLowerCase()];
    if (os && !f.os) f.os = os;
    return;
  }
  const fam = FAMILY_BY_TOKEN.get(name);
  if (fam) {
    if (name === 'botocore' && t.value) f.botocoreVersion = t.value;
    if (!f.family || (f.family === 'botocore' && name !== 'botocore')) {
      f.family = fam.family(t.value);
      if (t.value) f.familyVersion = t.value;
    }
    return;
  }
  if (name === 'md' && t.value.toLowerCase() === 'botocore' && t.extra) {
    f.botocoreVersion = t.extra;
    if (!f.family) {
      f.family = 'botocore';
      f.familyVersion = t.extra;
    }
    return;
  }
  if (name === 'lang' && t.value) {
    f.lang = LANG_TOKENS[t.value.toLowerCase()] ?? (t.value === 'js' ? 'JavaScript' : t.value);
    if (t.extra) f.langVersion = t.extra;
    return;
  }
  if (name === 'md' && t.value.toLowerCase() === 'nodejs' && t.extra) {
    f.lang = 'Node.js';
    f.langVersion = t.extra;
    return;
  }
  const legacyLang = LANG_TOKENS[name];
  if (legacyLang && t.value && !f.lang) {
    f.lang = legacyLang;
    f.langVersion = t.value;
    return;
  }
  if (name === 'os' && t.value) {
    f.os = OS_TOKENS[t.value.toLowerCase()] ?? t.value;
    if (t.extra) f.osRelease = t.extra;
    return;
  }
  const legacyOs = OS_TOKENS[name];
  if (legacyOs && !f.os) {
    f.os = legacyOs;
    if (t.value.startsWith('v') && f.family === 'AWS SDK for JS v2') {
      f.lang = 'Node.js';
      f.langVersion = t.value.slice(1);
    } else if (t.value) f.osRelease = t.value;
    return;
  }
  if (name === 'md' && t.value.toLowerCase() === 'distrib' && t.extra) {
    const row = distroFrom(t.extra);
    f.distro = row?.distro ?? t.extra;
    if (row?.pentest) f.pentestDistro = row.distro;
    return;
  }
  if ((name === 'exe' || name === 'source') && t.value) {
    const row = distroFrom(t.value);
    if (row && !f.distro) {
      f.distro = row.distro;
      if (row.pentest) f.pentestDistro = row.distro;
    }
    f.installer ??= name === 'exe' ? 'exe' : 'source';
    return;
  }
  if (name === 'md' && t.value.toLowerCase() === 'installer' && t.extra) {
    f.installer = t.extra;
    return;
  }
  if ((name === 'md' && t.value.toLowerCase() === 'command' && t.extra) || name === 'command') {
    f.command = name === 'command' ? t.value : t.extra;
    return;
  }
  if (name === 'exec-env' && t.value) {
    for (const [re, label] of EXEC_ENVS) {
      const m = re.exec(t.value);
      if (m) {
        f.execEnv = label(m);
        return;
      }
    }
    f.execEnv = t.value;
    return;
  }
  if (name === 'md' && /^AWS-CloudShell/i.test(t.value)) f.execEnv = 'AWS CloudShell';
}

export function parseUserAgent(input: string | undefined): UaFacts {
  const raw = input ?? '';
  const { text: unwrapped, wrapped } = unwrap(raw.slice(0, UA_PARSE_LIMIT + 2));
  const anomalies = anomaliesOf(raw);
  const text = unwrapped.slice(0, UA_PARSE_LIMIT).replace(INVISIBLE_OR_SPACE_RUN, ' ');
  const facts: UaFacts = { kind: 'other', wrapped, anomalies, tokens: [], text };
  if (!text.trim()) {
    facts.kind = 'missing';
    return facts;
  }
  if (text === 'AWS Internal' || /^(aws-internal|Coral)\//i.test(text)) {
    facts.kind = 'aws-internal';
    return facts;
  }
  if (CONSOLE_UA.test(text)) {
    facts.kind = 'console';
    return facts;
  }
  if (AWS_HOST.test(text)) {
    facts.kind = 'aws-service';
    return facts;
  }
  if (/^Mozilla\/5\.0 \(/.test(text)) {
    const hit = BROWSERS.find(([re]) => re.test(text));
    if (hit) {
      facts.kind = 'browser';
      facts.browser = hit[1];
      const os = /Windows|Mac OS X|Linux|Android|iPhone|CrOS/.exec(text)?.[0];
      if (os) facts.os = { 'Mac OS X': 'macOS', iPhone: 'iOS', CrOS: 'ChromeOS' }[os] ?? os;
      return facts;
    }
  }
  facts.tokens = tokenize(text).slice(0, 64);
  for (const t of facts.tokens) absorb(facts, t);
  if (facts.osRelease && !facts.distro) {
    const row = distroFrom(facts.osRelease);
    if (row) {
      facts.distro = row.distro;
      if (row.pentest) facts.pentestDistro = row.distro;
      if (row.execEnv) facts.execEnv ??= row.execEnv;
    }
  } else if (facts.osRelease && !facts.execEnv) {
    const env = distroFrom(facts.osRelease)?.execEnv;
    if (env) facts.execEnv = env;
  }
  if (facts.family) facts.kind = 'sdk';
  return facts;
}

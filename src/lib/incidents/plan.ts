import type { Detection } from '../detect/detection.ts';
import { isReadOnly, markersOf, succeeded } from './escalations.ts';
import {
  bucketOf,
  callName,
  type DigestSnapshot,
  type Escalation,
  INCIDENT_DEFAULTS,
  type IncidentState,
  incidentIdFor,
  scopeOf,
  shortHash,
  subjectOf,
} from './model.ts';
import type { Condition, Op } from './ops.ts';
import { leadingVerdict, topCalls } from './view.ts';

export type MailReason = 'opened' | 'escalation' | 'always' | 'update';

export interface PlanOptions {
  quietSeconds: number;
  digestSeconds: number;
  /** Wall clock, for the delivery lease. */
  now: number;
  leaseSeconds?: number;
}

/** What one detection does to its incident, decided from the aggregate as last read. */
export interface Plan {
  scope: string;
  incidentId: string;
  /**
   * `open`: no incident yet; `rollover`: the last one went quiet or was resolved; `join`: add to it;
   * `late`: the call is older than the current incident by more than the quiet period, so it belongs to
   * an earlier one (a retry that arrives after a rollover): mailed on its own, counted nowhere.
   */
  action: 'open' | 'rollover' | 'join' | 'late';
  mail?: MailReason;
  escalations: Escalation[];
  /** An earlier attempt of this same detection already applied the counts and claims. */
  resumed: boolean;
  /** Another invocation is delivering this detection right now. */
  busy: boolean;
  ops: Op[];
  conditions: Condition[];
  digest?: DigestSnapshot;
  /** Attribute of the delivery lock, when a mail is planned. */
  lock?: string;
}

/** Bounds that keep one item small and attacker strings from multiplying mails. */
const MAX_CALL_NAMES = 300;
const MAX_TOOLS = 8;
const MAX_SINCE_IPS = 50;

export const lockAttr = (detectionId: string): string => `l:${shortHash(detectionId)}`;

function eventOps(state: IncidentState | undefined, d: Detection): Op[] {
  const ops: Op[] = [{ t: 'add', a: 'calls', n: 1 }];
  const ok = succeeded(d);
  ops.push({ t: 'add', a: ok ? 'succeeded' : 'denied', n: 1 });
  if (!isReadOnly(d)) ops.push({ t: 'add', a: 'writes', n: 1 });
  const { actor } = d;
  const ip = actor.sourceIp;
  // Sets only grow within an incident, so a value the aggregate already holds needs no update: in a
  // storm most calls repeat the IP, tool and network of the last one, and the update stays small.
  const ips = state?.ips ?? [];
  const knownIp = ips.includes(ip);
  if (ips.length < INCIDENT_DEFAULTS.exactIps && !knownIp) ops.push({ t: 'union', a: 'ips', v: [ip] });
  // An IP kept exactly had its bucket added with it.
  if (!knownIp) ops.push({ t: 'union', a: 'ipb', v: [bucketOf(ip)] });
  if (actor.asn !== undefined && !state?.asns.includes(actor.asn))
    ops.push({ t: 'union', a: 'asns', v: [actor.asn] });
  if (actor.country && !state?.countries.includes(actor.country))
    ops.push({ t: 'union', a: 'countries', v: [actor.country] });
  const tool = actor.tool ?? actor.uaFamily;
  if (tool && (state?.tools.length ?? 0) < MAX_TOOLS && !state?.tools.includes(tool))
    ops.push({ t: 'union', a: 'tools', v: [tool] });
  if (actor.pentestDistro && !state?.distros.includes(actor.pentestDistro))
    ops.push({ t: 'union', a: 'distros', v: [actor.pentestDistro] });
  if (actor.network && !state?.networks.includes(actor.network))
    ops.push({ t: 'union', a: 'nets', v: [actor.network] });
  if (!state?.categories.includes(d.category)) ops.push({ t: 'union', a: 'cats', v: [d.category] });
  const day = d.event.time.slice(0, 10);
  if ((state?.days.length ?? 0) < INCIDENT_DEFAULTS.days && !state?.days.includes(day))
    ops.push({ t: 'union', a: 'days', v: [day] });
  ops.push({ t: 'add', a: `v:${actor.verdict}`, n: 1 });
  const call = callName(d);
  const known = state ? Object.keys(state.callCounts).length : 0;
  const callKey = state?.callCounts[call] !== undefined || known < MAX_CALL_NAMES ? call : 'other';
  ops.push({ t: 'add', a: `c:${callKey}`, n: 1 });
  // One-minute bursts: the pace and sweep signals, kept as a running window.
  const at = Date.parse(d.event.time);
  if (state && at >= state.burstStart && at - state.burstStart < 60_000) {
    ops.push({ t: 'add', a: 'burstCalls', n: 1 }, { t: 'union', a: 'burstNames', v: [call] });
    if (state.burstCalls + 1 > state.peakPerMinute)
      ops.push({ t: 'set', a: 'peakPerMinute', v: state.burstCalls + 1 });
    const names = state.burstNames.includes(call) ? state.burstNames.length : state.burstNames.length + 1;
    if (names > state.peakSweep) ops.push({ t: 'set', a: 'peakSweep', v: names });
  } else if (!state || at > state.burstStart) {
    ops.push(
      { t: 'set', a: 'burstStart', v: at },
      { t: 'set', a: 'burstCalls', v: 1 },
      { t: 'set', a: 'burstNames', v: [call] },
    );
    if (!state?.peakPerMinute) ops.push({ t: 'set', a: 'peakPerMinute', v: 1 });
    if (!state?.peakSweep) ops.push({ t: 'set', a: 'peakSweep', v: 1 });
  }
  if (!state || d.event.time > state.lastSeen) ops.push({ t: 'set', a: 'lastSeen', v: d.event.time });
  if (state && d.event.time < state.firstSeen) ops.push({ t: 'set', a: 'firstSeen', v: d.event.time });
  return ops;
}

function sinceOps(state: IncidentState | undefined, d: Detection): Op[] {
  const { actor } = d;
  const ops: Op[] = [
    { t: 'add', a: 'sm:calls', n: 1 },
    { t: 'add', a: `sm:v:${actor.verdict}`, n: 1 },
  ];
  if (!succeeded(d)) ops.push({ t: 'add', a: 'sm:denied', n: 1 });
  const seen = state?.ips.includes(actor.sourceIp) ?? false;
  if (!seen && (state?.since.ips.length ?? 0) < MAX_SINCE_IPS)
    ops.push({ t: 'union', a: 'sm:ips', v: [actor.sourceIp] });
  if (actor.asn !== undefined && !state?.asns.includes(actor.asn))
    ops.push({ t: 'union', a: 'sm:asns', v: [actor.asn] });
  if (actor.country && !state?.countries.includes(actor.country))
    ops.push({ t: 'union', a: 'sm:countries', v: [actor.country] });
  return ops;
}

const SINCE_ATTRS = ['sm:calls', 'sm:denied', 'sm:ips', 'sm:asns', 'sm:countries'];

function resetSinceOps(): Op[] {
  return [...SINCE_ATTRS, 'sm:v:automated', 'sm:v:human', 'sm:v:unknown'].map((a) => ({ t: 'remove', a }));
}

/** The update e-mail's content: activity since the last mail, this call included. */
export function digestOf(state: IncidentState, upTo: string, extra?: Detection): DigestSnapshot {
  const since = structuredClone(state.since);
  const callCounts = { ...state.callCounts };
  if (extra) {
    since.calls += 1;
    if (!succeeded(extra)) since.denied += 1;
    const { actor } = extra;
    if (!state.ips.includes(actor.sourceIp) && !since.ips.includes(actor.sourceIp))
      since.ips.push(actor.sourceIp);
    since.verdicts[actor.verdict] = (since.verdicts[actor.verdict] ?? 0) + 1;
    const call = callName(extra);
    callCounts[call] = (callCounts[call] ?? 0) + 1;
  }
  const before = leadingVerdict(state.verdicts);
  const now = leadingVerdict(since.verdicts);
  const snapshot: DigestSnapshot = {
    to: upTo,
    since,
    totalCalls: state.calls + (extra ? 1 : 0),
    topCalls: topCalls({ callCounts }),
  };
  if (state.lastMailAt) snapshot.from = state.lastMailAt;
  if (before && now && before !== now) snapshot.verdictDrift = `${before} -> ${now}`;
  return snapshot;
}

function mailOps(d: Detection, reason: MailReason, lock: string, until: number): Op[] {
  return [
    { t: 'add', a: 'mails', n: 1 },
    { t: 'set', a: 'lastMailAt', v: d.event.time },
    { t: 'set', a: 'lastMailBy', v: d.id },
    { t: 'set', a: lock, v: until },
    ...(reason === 'update' ? [] : resetSinceOps()),
  ];
}

function openPlan(
  action: 'open' | 'rollover',
  d: Detection,
  options: PlanOptions,
  previous: IncidentState | undefined,
): Plan {
  const scope = scopeOf(d);
  const incidentId = incidentIdFor(scope, d.id);
  const lock = lockAttr(d.id);
  const until = options.now + (options.leaseSeconds ?? INCIDENT_DEFAULTS.leaseSeconds) * 1000;
  const ops: Op[] = [
    { t: 'set', a: 'id', v: incidentId },
    { t: 'set', a: 'scope', v: scope },
    { t: 'set', a: 'subject', v: subjectOf(d) },
    { t: 'set', a: 'openedKind', v: d.kind },
    { t: 'set', a: 'openedBy', v: d.id },
    { t: 'set', a: 'firstSeen', v: d.event.time },
    { t: 'set', a: 'status', v: 'open' },
    ...(d.decoy ? [{ t: 'set', a: 'decoy', v: JSON.stringify(d.decoy) } as Op] : []),
    ...eventOps(undefined, d),
    ...markersOf(d).map((m): Op => ({ t: 'set', a: `x:${m.marker}`, v: d.id })),
    ...mailOps(d, 'opened', lock, until).filter((op) => op.t !== 'remove'),
  ];
  // A key re-checked once a day opens a new incident each day; the days carry over, so the
  // repeated-check signal still sees them.
  const call = callName(d);
  const calls = previous ? Object.keys(previous.callCounts) : [];
  if (previous && calls.length === 1 && calls[0] === call) {
    ops.push({ t: 'union', a: 'days', v: previous.days.slice(-INCIDENT_DEFAULTS.days + 1) });
    ops.push({ t: 'set', a: 'previous', v: previous.id });
  }
  const conditions: Condition[] = previous
    ? [{ t: 'isIncident', id: previous.id }]
    : [{ t: 'absent', a: 'id' }];
  return {
    scope,
    incidentId,
    action,
    mail: 'opened',
    escalations: [],
    resumed: false,
    busy: false,
    ops,
    conditions,
    lock,
  };
}

/** Resuming an attempt that claimed a mail and did not finish: mail again what it claimed. */
function resumePlan(state: IncidentState, d: Detection, options: PlanOptions, lock: string): Plan {
  const until = options.now + (options.leaseSeconds ?? INCIDENT_DEFAULTS.leaseSeconds) * 1000;
  const base = { scope: state.scope, incidentId: state.id, action: 'join' as const, resumed: true, lock };
  const busy = (state.locks[lock.slice(2)] ?? 0) > options.now;
  const escalations = state.escalations.filter((e) => e.detectionId === d.id);
  const mail: MailReason =
    state.openedBy === d.id
      ? 'opened'
      : escalations.length
        ? 'escalation'
        : !d.suppressible
          ? 'always'
          : 'update';
  const plan: Plan = {
    ...base,
    busy,
    mail,
    escalations,
    ops: [{ t: 'set', a: lock, v: until }],
    conditions: [{ t: 'absentOrBelow', a: lock, n: options.now + 1 }],
  };
  if (mail === 'update' && state.lastDigest) plan.digest = state.lastDigest;
  return plan;
}

/**
 * Decides what one detection does to its incident: open one, roll over a quiet or resolved one, or
 * join; whether it is mailed (opening, escalation, always-mailed kinds, or the digest window's update)
 * or held back; and the operations and conditions that make each claim exclusive.
 */
export function planDetection(state: IncidentState | undefined, d: Detection, options: PlanOptions): Plan {
  if (!state?.id) return openPlan('open', d, options, undefined);
  const lock = lockAttr(d.id);
  if (state.locks[lock.slice(2)] !== undefined) return resumePlan(state, d, options, lock);
  const at = Date.parse(d.event.time);
  if (Date.parse(state.firstSeen) - at > options.quietSeconds * 1000) {
    return {
      scope: state.scope,
      incidentId: incidentIdFor(state.scope, d.id),
      action: 'late',
      mail: 'always',
      escalations: [],
      resumed: false,
      busy: false,
      ops: [],
      conditions: [],
    };
  }
  const quiet = at - Date.parse(state.lastSeen) > options.quietSeconds * 1000;
  if (state.status === 'resolved' || quiet) return openPlan('rollover', d, options, state);

  const until = options.now + (options.leaseSeconds ?? INCIDENT_DEFAULTS.leaseSeconds) * 1000;
  const fresh = markersOf(d).filter((m) => !state.claims[m.marker]);
  const allowed = fresh.filter((m) => m.kind !== 'new-tool' || state.tools.length < MAX_TOOLS);
  const escalations: Escalation[] = allowed.map((m) => ({
    kind: m.kind,
    detail: m.detail,
    time: d.event.time,
    detectionId: d.id,
  }));
  const lastMail = state.lastMailAt ? Date.parse(state.lastMailAt) : Number.NEGATIVE_INFINITY;
  const digestDue = at - lastMail >= options.digestSeconds * 1000;
  const mail: MailReason | undefined = !d.suppressible
    ? 'always'
    : escalations.length
      ? 'escalation'
      : digestDue
        ? 'update'
        : undefined;

  const ops: Op[] = [...eventOps(state, d)];
  const conditions: Condition[] = [{ t: 'isIncident', id: state.id }, { t: 'notResolved' }];
  for (const m of allowed) {
    ops.push({ t: 'set', a: `x:${m.marker}`, v: d.id });
    conditions.push({ t: 'absent', a: `x:${m.marker}` });
  }
  if (escalations.length) ops.push({ t: 'union', a: 'esc', v: escalations.map((e) => JSON.stringify(e)) });
  const plan: Plan = {
    scope: state.scope,
    incidentId: state.id,
    action: 'join',
    escalations,
    resumed: false,
    busy: false,
    ops,
    conditions,
  };
  if (!mail) {
    ops.push({ t: 'add', a: 'held', n: 1 }, ...sinceOps(state, d));
    return plan;
  }
  plan.mail = mail;
  plan.lock = lock;
  conditions.push({ t: 'absent', a: lock });
  if (mail === 'update') {
    plan.digest = digestOf(state, d.event.time, d);
    ops.push({ t: 'set', a: 'lastDigest', v: JSON.stringify(plan.digest) }, ...resetSinceOps());
    conditions.push({ t: 'equalsOrAbsent', a: 'lastMailAt', v: state.lastMailAt ?? '' });
  }
  ops.push(...mailOps(d, mail, lock, until).filter((op) => !(mail === 'update' && op.t === 'remove')));
  return plan;
}

/** The scheduled flush: an update for an incident that went quiet with calls not yet mailed. */
export function planFlush(state: IncidentState, nowIso: string, digestSeconds: number): Plan | undefined {
  if (state.since.calls === 0 || state.status === 'resolved') return undefined;
  const lastMail = state.lastMailAt ? Date.parse(state.lastMailAt) : Number.NEGATIVE_INFINITY;
  if (Date.parse(nowIso) - lastMail < digestSeconds * 1000) return undefined;
  const digest = digestOf(state, state.lastSeen);
  return {
    scope: state.scope,
    incidentId: state.id,
    action: 'join',
    mail: 'update',
    escalations: [],
    resumed: false,
    busy: false,
    digest,
    ops: [
      { t: 'add', a: 'mails', n: 1 },
      { t: 'set', a: 'lastMailAt', v: nowIso },
      { t: 'set', a: 'lastMailBy', v: `flush:${nowIso}` },
      { t: 'set', a: 'lastDigest', v: JSON.stringify(digest) },
      ...resetSinceOps(),
    ],
    conditions: [
      { t: 'isIncident', id: state.id },
      { t: 'equalsOrAbsent', a: 'lastMailAt', v: state.lastMailAt ?? '' },
    ],
  };
}

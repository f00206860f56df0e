import type { Detection } from '../detect/detection.ts';
import type { EscalationKind } from './model.ts';

/**
 * Escalations: what makes a detection worth a mail of its own inside an open incident. Each rule
 * turns a detection into markers; a marker the incident has not seen before is an escalation, mailed
 * at once and never held back. docs/incidents.md lists the same table.
 */
export interface EscalationRule {
  kind: EscalationKind;
  when: string;
  markers: (detection: Detection) => string[];
}

const READ_ONLY_NAME = /^(Get|List|Describe|Head|Lookup|Search|Check|Batch(Get|Describe))[A-Z]/;

export function isReadOnly(detection: Detection): boolean {
  return detection.event.readOnly ?? READ_ONLY_NAME.test(detection.event.name);
}

export function succeeded(detection: Detection): boolean {
  return !detection.event.errorCode && !detection.event.failed;
}

/** Source networks grouped by how much they change the picture: anonymizers, hosting/cloud, ISPs. */
function networkGroup(detection: Detection): string | undefined {
  const network = detection.actor.network;
  if (network === 'tor' || network === 'anonymizer') return 'anonymizer';
  if (network === 'hosting' || network === 'cloud') return 'hosting';
  if (network === 'isp') return 'isp';
  return undefined;
}

export const ESCALATIONS: readonly EscalationRule[] = [
  {
    kind: 'new-category',
    when: 'a detection category new to the incident: session-use, console-sign-in, any tamper category',
    markers: (d) => [`cat:${d.category}`],
  },
  {
    kind: 'first-success',
    when: 'the first call that succeeded after only denied ones',
    markers: (d) => (succeeded(d) ? ['ok'] : []),
  },
  {
    kind: 'first-write',
    when: 'the first call that is not read-only',
    markers: (d) => (isReadOnly(d) ? [] : ['write']),
  },
  {
    kind: 'new-tool',
    when: 'a tool, client or pentest distribution new to the incident',
    markers: (d) => {
      const out: string[] = [];
      const tool = d.actor.tool ?? d.actor.uaFamily;
      if (tool) out.push(`tool:${tool}`);
      if (d.actor.pentestDistro) out.push(`distro:${d.actor.pentestDistro}`);
      return out;
    },
  },
  {
    kind: 'new-network',
    when: 'a kind of source network new to the incident: the first anonymizer, hosting or ISP source',
    markers: (d) => {
      const group = networkGroup(d);
      return group ? [`net:${group}`] : [];
    },
  },
];

export interface Marker {
  marker: string;
  kind: EscalationKind;
  detail: string;
}

export function markersOf(detection: Detection): Marker[] {
  return ESCALATIONS.flatMap((rule) =>
    rule.markers(detection).map((marker) => ({
      marker,
      kind: rule.kind,
      detail: marker.includes(':') ? marker.slice(marker.indexOf(':') + 1) : rule.kind,
    })),
  );
}

import type { Store } from '../store/dynamo.ts';
import type { StoredIncident } from '../store/incidents.ts';
import { cleanText } from '../text.ts';
import type { IncidentState, IncidentStatus } from './model.ts';
import { CaseInputError, type TimelineRow, timelineOf, timelineSubject } from './query.ts';

/** One incident with its calls: what `show`, `export ID` and `report` work from. */
export interface Case {
  incident: IncidentState;
  timeline: TimelineRow[];
}

type CaseStore = Pick<Store, 'incidents' | 'detections'>;

export async function findIncident(store: CaseStore, id: string, where: string): Promise<StoredIncident> {
  const found = await store.incidents.byId(id);
  if (!found) throw new CaseInputError(`no incident ${id} in ${where}`);
  return found;
}

export async function loadCase(store: CaseStore, incident: IncidentState): Promise<Case> {
  const calls = await store.detections.timeline(
    timelineSubject(incident),
    incident.firstSeen,
    incident.lastSeen,
    {
      incidentId: incident.id,
    },
  );
  return { incident, timeline: timelineOf(calls, incident.id) };
}

export type StatusAction = 'ack' | 'resolve';

const TARGET: Record<StatusAction, IncidentStatus> = { ack: 'acknowledged', resolve: 'resolved' };
const ALLOWED_FROM: Record<StatusAction, readonly IncidentStatus[]> = {
  ack: ['open'],
  resolve: ['open', 'acknowledged'],
};

function by(state: IncidentState): string {
  const at = (state.statusAt ?? '?').replace(/\.\d+Z$/, 'Z');
  return state.statusBy ? ` by ${cleanText(state.statusBy, 120)} at ${cleanText(at, 40)}` : '';
}

/** Refuses a change the incident's state does not allow, naming the state it is in. */
export function checkTransition(state: IncidentState, action: StatusAction): IncidentStatus {
  if (ALLOWED_FROM[action].includes(state.status)) return TARGET[action];
  const verb = action === 'ack' ? 'acknowledged' : 'resolved';
  const why =
    state.status === 'resolved'
      ? 'new activity on its decoy opens a new incident'
      : `only an open incident can be ${verb}`;
  throw new CaseInputError(
    `${state.id} is already ${state.status}${by(state)}; it cannot be ${verb} (${why})`,
  );
}

export interface StatusChange {
  action: StatusAction;
  by: string;
  note?: string;
}

/**
 * Acknowledges or resolves an incident. The write is conditional on the state just read; when
 * someone else changed it in between, the new state is checked again, so a double resolve is
 * refused and never overwrites the first one's who and note.
 */
export async function changeStatus(
  store: CaseStore,
  stored: StoredIncident,
  change: StatusChange,
): Promise<IncidentState> {
  let current = stored;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const status = checkTransition(current.state, change.action);
    const note = change.note ? cleanText(change.note, 500) : undefined;
    const result = await store.incidents.setStatus(current, {
      status,
      by: change.by,
      ...(note ? { note } : {}),
    });
    const after = await store.incidents.byId(current.state.id);
    if (!after)
      throw new CaseInputError(`incident ${current.state.id} disappeared while it was being updated`);
    if (result === 'applied') return after.state;
    current = after;
  }
  throw new Error(`incident ${stored.state.id} kept changing; run the command again`);
}

import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { IncidentState, IncidentStatus } from '../incidents/model.ts';
import { applyOps, type Bag, type Op } from '../incidents/ops.ts';
import type { Plan } from '../incidents/plan.ts';
import { incidentFromBag } from '../incidents/view.ts';
import { expiryAfter, N, queryItems, S } from './attributes.ts';
import { ignoreConditionFailure, isConditionFailure } from './errors.ts';
import { fromItem, toExpression, toItem } from './marshal.ts';

/**
 * Incident aggregates. The open incident of a scope lives at `SCOPE#<scope>` / `CURRENT`, so one
 * GetItem finds it without knowing its ID; a rollover copies it to `ARCHIVE#<firstSeen>#<id>`.
 * gsi1 finds any incident by ID, gsi2 lists all incidents, gsi3 (`DIGEST`) lists those with calls
 * not yet mailed, for the scheduled flush.
 */
const CURRENT = 'CURRENT';
const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'expiresAt'];

export interface StoredIncident {
  state: IncidentState;
  bag: Bag;
  key: { pk: string; sk: string };
}

export type CommitResult = 'applied' | 'conflict';

/** The incident as this container last read or wrote it, and when (wall clock). */
export interface KnownIncident {
  incident: StoredIncident;
  at: number;
}

/** Scopes whose last copy one container keeps; a Lambda container sees a handful of decoys. */
const MAX_KNOWN = 256;

export interface IncidentStoreOptions {
  tableName: string;
  retentionDays: number;
  client: DynamoDBClient;
  now: () => number;
}

const scopeKey = (scope: string) => ({ pk: S(`SCOPE#${scope}`), sk: S(CURRENT) });

function stripKeys(item: Record<string, AttributeValue>): Bag {
  const bag = fromItem(item);
  for (const name of KEY_ATTRS) delete bag[name];
  return bag;
}

function stored(item: Record<string, AttributeValue>): StoredIncident {
  const bag = stripKeys(item);
  return { bag, state: incidentFromBag(bag), key: { pk: item.pk?.S ?? '', sk: item.sk?.S ?? '' } };
}

/**
 * The copy after a join: what the update touched as DynamoDB now holds it (other containers' calls
 * included), the rest as last seen. Every attribute is a value the item had at some point, and the
 * ones a held call is decided on only grow within an incident (see deliver.ts).
 */
function updatedCopy(previous: StoredIncident, ops: readonly Op[], updated: Record<string, AttributeValue>) {
  const bag: Bag = { ...previous.bag };
  for (const op of ops) if (op.t === 'remove') delete bag[op.a];
  Object.assign(bag, stripKeys(updated));
  return { bag, state: incidentFromBag(bag), key: previous.key };
}

export function makeIncidentStore({ tableName, retentionDays, client, now }: IncidentStoreOptions) {
  /**
   * The copy of each scope's incident as of this container's last read or write. A join returns the
   * item as DynamoDB holds it after the update (other containers' calls included), so in a storm the
   * copy is as old as the gap between two calls. It only ever serves the held path (deliver.ts).
   */
  const known = new Map<string, KnownIncident>();
  const remember = (scope: string, incident: StoredIncident | undefined) => {
    known.delete(scope);
    if (!incident) return;
    if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value ?? '');
    known.set(scope, { incident, at: now() });
  };

  const indexAttrs = (bag: Bag, sk: string) => {
    const state = incidentFromBag(bag);
    return {
      gsi1pk: S(`INC#${state.id}`),
      gsi1sk: S(sk === CURRENT ? 'CURRENT' : 'ARCHIVE'),
      gsi2pk: S('INCIDENTS'),
      gsi2sk: S(`${state.firstSeen}#${state.id}`),
      expiresAt: N(expiryAfter(Math.max(now(), Date.parse(state.lastSeen) || 0), retentionDays)),
    };
  };

  const queryAll = (input: ConstructorParameters<typeof QueryCommand>[0]) => queryItems(client, input);

  async function put(
    item: Record<string, AttributeValue>,
    condition?: {
      expression: string;
      names?: Record<string, string>;
      values?: Record<string, AttributeValue>;
    },
  ) {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: item,
        ...(condition
          ? {
              ConditionExpression: condition.expression,
              ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
              ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
            }
          : {}),
      }),
    );
  }

  return {
    async current(scope: string): Promise<StoredIncident | undefined> {
      const result = await client.send(
        new GetItemCommand({ TableName: tableName, Key: scopeKey(scope), ConsistentRead: true }),
      );
      const incident = result.Item ? stored(result.Item) : undefined;
      remember(scope, incident);
      return incident;
    },

    /** This container's last copy of a scope's incident, if it is at most `maxAgeMs` old. */
    remembered(scope: string, maxAgeMs: number): KnownIncident | undefined {
      const copy = known.get(scope);
      return copy && now() - copy.at <= maxAgeMs ? copy : undefined;
    },

    /** Applies a plan: a fresh incident (open, rollover) or one conditional update (join). */
    async commit(plan: Plan, previous: StoredIncident | undefined): Promise<CommitResult> {
      try {
        if (plan.action === 'join') {
          const since = previous?.state.lastMailAt ?? previous?.state.firstSeen ?? '';
          // Mailed: nothing pending for the flush. Held back: listed for it under gsi3.
          const digestOps: Op[] = plan.mail
            ? [
                { t: 'remove', a: 'gsi3pk' },
                { t: 'remove', a: 'gsi3sk' },
              ]
            : [
                { t: 'set', a: 'gsi3pk', v: 'DIGEST' },
                { t: 'set', a: 'gsi3sk', v: since },
              ];
          const result = await client.send(
            new UpdateItemCommand({
              TableName: tableName,
              Key: scopeKey(plan.scope),
              ...toExpression([...plan.ops, ...digestOps], plan.conditions),
              ReturnValues: 'UPDATED_NEW',
            }),
          );
          remember(plan.scope, previous && updatedCopy(previous, plan.ops, result.Attributes ?? {}));
          return 'applied';
        }
        if (plan.action === 'rollover' && previous) {
          const archiveSk = `ARCHIVE#${previous.state.firstSeen}#${previous.state.id}`;
          await put({
            ...toItem(previous.bag),
            pk: S(previous.key.pk),
            sk: S(archiveSk),
            ...indexAttrs(previous.bag, archiveSk),
          });
        }
        const bag = applyOps({}, plan.ops);
        const condition = previous
          ? { expression: '#id = :id', names: { '#id': 'id' }, values: { ':id': S(previous.state.id) } }
          : { expression: 'attribute_not_exists(pk)' };
        const item = { ...toItem(bag), ...scopeKey(plan.scope), ...indexAttrs(bag, CURRENT) };
        await put(item, condition);
        remember(plan.scope, stored(item));
        return 'applied';
      } catch (error) {
        known.delete(plan.scope);
        if (isConditionFailure(error)) return 'conflict';
        throw error;
      }
    },

    /** Gives up a delivery lease at once, so the retry need not wait for it to run out. */
    async releaseLock(scope: string, lock: string): Promise<void> {
      known.delete(scope);
      await client
        .send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: scopeKey(scope),
            UpdateExpression: 'SET #l = :zero',
            ConditionExpression: 'attribute_exists(#l)',
            ExpressionAttributeNames: { '#l': lock },
            ExpressionAttributeValues: { ':zero': N(0) },
          }),
        )
        .catch(ignoreConditionFailure);
    },

    async byId(id: string): Promise<StoredIncident | undefined> {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': S(`INC#${id}`) },
      });
      const item = items[0];
      return item ? stored(item) : undefined;
    },

    /** Every incident, newest first. */
    async list(): Promise<StoredIncident[]> {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': S('INCIDENTS') },
        ScanIndexForward: false,
      });
      return items.map(stored);
    },

    /** Incidents holding calls not yet mailed, whose last mail is older than `beforeIso`. */
    async pendingDigests(beforeIso: string): Promise<StoredIncident[]> {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :before',
        ExpressionAttributeValues: { ':pk': S('DIGEST'), ':before': S(beforeIso) },
      });
      return items.map(stored);
    },

    /** Records a state change (acknowledge, resolve), with who, when and a note. */
    async setStatus(
      incident: StoredIncident,
      change: { status: IncidentStatus; by: string; note?: string },
    ): Promise<CommitResult> {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { pk: S(incident.key.pk), sk: S(incident.key.sk) },
            UpdateExpression: `SET #st = :st, statusBy = :by, statusAt = :at${change.note ? ', statusNote = :note' : ''}`,
            ConditionExpression: '#id = :id AND #st = :seen',
            ExpressionAttributeNames: { '#st': 'status', '#id': 'id' },
            ExpressionAttributeValues: {
              ':st': S(change.status),
              ':by': S(change.by),
              ':at': S(new Date(now()).toISOString()),
              ':id': S(incident.state.id),
              ':seen': S(incident.state.status),
              ...(change.note ? { ':note': S(change.note) } : {}),
            },
          }),
        );
        return 'applied';
      } catch (error) {
        if (isConditionFailure(error)) return 'conflict';
        throw error;
      }
    },
  };
}

export type IncidentStore = ReturnType<typeof makeIncidentStore>;

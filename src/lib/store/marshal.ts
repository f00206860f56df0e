import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Bag, BagValue, Condition, Op } from '../incidents/ops.ts';

/** A flat aggregate to DynamoDB attribute values: strings, numbers, string and number sets. */
export function toAttribute(value: BagValue): AttributeValue | undefined {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (value.length === 0) return undefined;
  return typeof value[0] === 'number' ? { NS: value.map(String) } : { SS: value.map(String) };
}

export function toItem(bag: Bag): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(bag)) {
    const attribute = toAttribute(value);
    if (attribute) item[name] = attribute;
  }
  return item;
}

export function fromItem(item: Record<string, AttributeValue>): Bag {
  const bag: Bag = {};
  for (const [name, value] of Object.entries(item)) {
    if (value.S !== undefined) bag[name] = value.S;
    else if (value.N !== undefined) bag[name] = Number(value.N);
    else if (value.SS) bag[name] = [...value.SS];
    else if (value.NS) bag[name] = value.NS.map(Number);
  }
  return bag;
}

export interface Expression {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/** Operations and conditions as one UpdateItem expression; attribute names always go through placeholders. */
export function toExpression(ops: readonly Op[], conditions: readonly Condition[]): Expression {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const nameOf = new Map<string, string>();
  const name = (attribute: string): string => {
    let placeholder = nameOf.get(attribute);
    if (!placeholder) {
      placeholder = `#a${nameOf.size}`;
      nameOf.set(attribute, placeholder);
      names[placeholder] = attribute;
    }
    return placeholder;
  };
  let counter = 0;
  const value = (v: AttributeValue): string => {
    const placeholder = `:v${counter++}`;
    values[placeholder] = v;
    return placeholder;
  };
  const sets: string[] = [];
  const adds: string[] = [];
  const removes: string[] = [];
  for (const op of ops) {
    if (op.t === 'add') adds.push(`${name(op.a)} ${value({ N: String(op.n) })}`);
    else if (op.t === 'remove') removes.push(name(op.a));
    else {
      const attribute = toAttribute(op.v);
      if (!attribute) {
        if (op.t === 'set') removes.push(name(op.a));
        continue;
      }
      if (op.t === 'union') adds.push(`${name(op.a)} ${value(attribute)}`);
      else sets.push(`${name(op.a)} = ${value(attribute)}`);
    }
  }
  const clauses: string[] = [];
  for (const c of conditions) {
    if (c.t === 'isIncident') clauses.push(`${name('id')} = ${value({ S: c.id })}`);
    else if (c.t === 'notResolved') clauses.push(`${name('status')} <> ${value({ S: 'resolved' })}`);
    else if (c.t === 'absent') clauses.push(`attribute_not_exists(${name(c.a)})`);
    else if (c.t === 'absentOrBelow')
      clauses.push(`(attribute_not_exists(${name(c.a)}) OR ${name(c.a)} < ${value({ N: String(c.n) })})`);
    else if (c.v === '') clauses.push(`attribute_not_exists(${name(c.a)})`);
    else clauses.push(`${name(c.a)} = ${value({ S: c.v })}`);
  }
  const parts = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    adds.length ? `ADD ${adds.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ].filter(Boolean);
  const expression: Expression = { UpdateExpression: parts.join(' '), ExpressionAttributeNames: names };
  if (Object.keys(values).length) expression.ExpressionAttributeValues = values;
  if (clauses.length) expression.ConditionExpression = clauses.join(' AND ');
  return expression;
}

import { isMap, isScalar, isSeq, parseDocument, Scalar, YAMLSeq } from 'yaml';
import { RegistryError } from '../errors.ts';
import type { DecoyEntry, Registry } from './registry.ts';
import { parseRegistry } from './registry-yaml.ts';

export const NEW_REGISTRY = `# honeytrail decoy registry. Key IDs only: a decoy's secret never belongs here.
# Redeploy honeytrail after every change so the EventBridge patterns follow this file.
decoys: []
`;

function documentOf(text: string, source: string) {
  parseRegistry(text, source);
  const doc = parseDocument(text);
  const decoys = doc.get('decoys', true);
  if (!isSeq(decoys)) throw new RegistryError(`${source}: expected "decoys:" with a list`);
  return { doc, decoys };
}

function entryNode(doc: ReturnType<typeof parseDocument>, entry: DecoyEntry) {
  const node = doc.createNode(entry);
  if (!isMap(node)) throw new RegistryError('could not build the registry entry');
  const account = node.get('accountId', true);
  // Unquoted, a 12-digit ID with a leading zero would read back as a number.
  if (isScalar(account)) account.type = Scalar.QUOTE_DOUBLE;
  const keys = node.get('accessKeyIds', true);
  if (keys instanceof YAMLSeq) keys.flow = true;
  return node;
}

/**
 * Appends one decoy to decoys.yml text, keeping comments and layout of everything else, and
 * proves the result is a valid registry before anyone writes it.
 */
export function appendDecoy(
  text: string,
  entry: DecoyEntry,
  source = 'decoys.yml',
): { text: string; registry: Registry } {
  const { doc, decoys } = documentOf(text, source);
  decoys.flow = false;
  decoys.items.push(entryNode(doc, entry));
  const next = doc.toString({ flowCollectionPadding: false });
  return { text: next, registry: parseRegistry(next, source) };
}

/** Removes one decoy by user name (and account, when given). Returns undefined when it is not listed. */
export function removeDecoy(
  text: string,
  userName: string,
  accountId?: string,
  source = 'decoys.yml',
): { text: string; registry: Registry; removed: DecoyEntry } | undefined {
  const { doc, decoys } = documentOf(text, source);
  const before = parseRegistry(text, source);
  const index = before.decoys.findIndex(
    (decoy) => decoy.userName === userName && (accountId === undefined || decoy.accountId === accountId),
  );
  const removed = before.decoys[index];
  if (index < 0 || !removed) return undefined;
  decoys.items.splice(index, 1);
  const next = doc.toString({ flowCollectionPadding: false });
  return { text: next, registry: parseRegistry(next, source), removed };
}

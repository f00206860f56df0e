import type { Detection } from '../detection.ts';
import type { Rule } from '../rules.ts';
import { awsExposureRule } from './aws-exposure.ts';
import { credentialCreateRule } from './credential-create.ts';
import { decoyRemovedRule } from './decoy-removed.ts';
import { groupGrantRule } from './group-grant.ts';
import { keyStateChangeRule } from './key-state-change.ts';
import { privilegeGrantRule } from './privilege-grant.ts';
import { quarantineRemovedRule } from './quarantine-removed.ts';
import { tagChangeRule } from './tag-change.ts';

export { awsExposureRule, quarantinePolicy } from './aws-exposure.ts';
export { credentialCreateRule } from './credential-create.ts';
export { decoyRemovedRule } from './decoy-removed.ts';
export { decoysInGroup, groupGrantRule } from './group-grant.ts';
export { keyStateChangeRule } from './key-state-change.ts';
export { tamperEventPatterns } from './patterns.ts';
export { privilegeGrantRule } from './privilege-grant.ts';
export { quarantineRemovedRule, removedQuarantinePolicy } from './quarantine-removed.ts';
export { tagChangeRule } from './tag-change.ts';

/** The category rules, in precedence order: AWS quarantine before privilege grant. */
export const TAMPER_RULES: readonly Rule[] = [
  awsExposureRule,
  quarantineRemovedRule,
  privilegeGrantRule,
  credentialCreateRule,
  keyStateChangeRule,
  decoyRemovedRule,
  groupGrantRule,
  tagChangeRule,
];

/** `tamper`: IAM changes aimed at a decoy user or its group. Every match is critical. */
export const tamperRule: Rule = (record, context, actor) => {
  const seen = new Set<string>();
  const detections: Detection[] = [];
  for (const rule of TAMPER_RULES) {
    for (const detection of rule(record, context, actor)) {
      if (seen.has(detection.id)) continue;
      seen.add(detection.id);
      detections.push(detection);
    }
  }
  return detections;
};

import type { TrailInfo, TrailState } from '../aws/cloudtrail.ts';
import type { RuleInfo } from '../aws/eventbridge.ts';
import type { Finding } from './finding.ts';

export const REQUIRED_RULE_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** Whether a trail's selectors log read and write management events. Classic and advanced. */
export function managementCoverage(trail: Pick<TrailState, 'eventSelectors' | 'advancedEventSelectors'>): {
  read: boolean;
  write: boolean;
} {
  let read = false;
  let write = false;
  for (const selector of trail.eventSelectors) {
    if (selector.IncludeManagementEvents === false) continue;
    const type = selector.ReadWriteType ?? 'All';
    read ||= type === 'All' || type === 'ReadOnly';
    write ||= type === 'All' || type === 'WriteOnly';
  }
  for (const selector of trail.advancedEventSelectors) {
    const fields = selector.FieldSelectors ?? [];
    const category = fields.find((field) => field.Field === 'eventCategory');
    if (!category?.Equals?.includes('Management')) continue;
    const readOnly = fields.find((field) => field.Field === 'readOnly');
    const values = readOnly?.Equals;
    read ||= !readOnly || values?.includes('true') === true || readOnly.NotEquals?.includes('false') === true;
    write ||=
      !readOnly || values?.includes('false') === true || readOnly.NotEquals?.includes('true') === true;
  }
  return { read, write };
}

const trailFinding = (
  name: string,
  id: string,
  fields: Omit<Finding, 'kind' | 'key' | 'source' | 'target'>,
): Finding => ({
  kind: 'audit',
  key: `trail/${name}:${id}`,
  source: 'cloudtrail.amazonaws.com',
  target: `trail/${name}`,
  ...fields,
});

/** Why a trail cannot feed honeytrail every call in every region. Empty when it can. */
export function trailProblems(trail: TrailState): Finding[] {
  const findings: Finding[] = [];
  const name = trail.name;
  if (!trail.logging) {
    findings.push(
      trailFinding(name, 'not-logging', {
        category: 'trail-stopped',
        call: 'GetTrailStatus',
        title: `CloudTrail trail ${name} is not logging`,
        summary: `Trail ${name} stopped logging${trail.stopLoggingTime ? ` at ${trail.stopLoggingTime}` : ''}. Without it EventBridge receives no API calls, so decoy use goes unseen.`,
        nextSteps: [
          `Start it again (aws cloudtrail start-logging --name ${name}) and find who stopped it (StopLogging in CloudTrail).`,
        ],
      }),
    );
  }
  if (!trail.multiRegion) {
    findings.push(
      trailFinding(name, 'single-region', {
        category: 'trail-single-region',
        call: 'DescribeTrails',
        title: `CloudTrail trail ${name} covers one region only`,
        summary: `Trail ${name} is not multi-region. Calls a thief makes in any other region never reach honeytrail.`,
        nextSteps: [
          `Make it multi-region (aws cloudtrail update-trail --name ${name} --is-multi-region-trail).`,
        ],
      }),
    );
  }
  const coverage = managementCoverage(trail);
  const missing = [coverage.read ? '' : 'read', coverage.write ? '' : 'write'].filter(Boolean);
  if (missing.length > 0) {
    findings.push(
      trailFinding(name, `no-${missing.join('-')}-management-events`, {
        category: 'trail-selectors',
        call: 'GetEventSelectors',
        title: `CloudTrail trail ${name} does not log ${missing.join(' or ')} management events`,
        summary: `Trail ${name}'s event selectors leave out ${missing.join(' and ')} management events. ${coverage.read ? '' : 'Read calls such as sts:GetCallerIdentity, the first thing a thief runs, are invisible. '}`,
        nextSteps: [`Set the selectors of ${name} to log all management events, read and write.`],
      }),
    );
  }
  return findings;
}

/**
 * With TRAIL_NAME, that trail must be healthy. Without it, any one healthy multi-region trail will do;
 * if none is, every multi-region trail's problems are reported.
 */
export function trailFindings(
  trails: TrailState[],
  trailName: string | undefined,
  listed: TrailInfo[],
): Finding[] {
  if (trailName) {
    const trail = trails.find((candidate) => candidate.name === trailName || candidate.arn === trailName);
    if (!trail) {
      return [
        trailFinding(trailName, 'missing', {
          category: 'trail-missing',
          call: 'DescribeTrails',
          title: `CloudTrail trail ${trailName} does not exist`,
          summary: `TRAIL_NAME is ${trailName}, but no such trail is visible. honeytrail may be getting no events at all.`,
          nextSteps: ['Recreate the trail, or point TRAIL_NAME at the trail that now feeds EventBridge.'],
        }),
      ];
    }
    return trailProblems(trail);
  }
  const problems = trails.map(trailProblems);
  if (trails.length > 0 && problems.some((found) => found.length === 0)) return [];
  if (trails.length === 0) {
    return [
      trailFinding('(any)', 'none', {
        category: 'trail-missing',
        call: 'DescribeTrails',
        title: 'No multi-region CloudTrail trail feeds honeytrail',
        summary: `None of the ${listed.length} visible trails is multi-region. Decoy use in most regions would go unseen.`,
        nextSteps: ['Create a multi-region trail that logs all management events, or set TRAIL_NAME.'],
      }),
    ];
  }
  return problems.flat();
}

/** The state a rule must be in: CloudTrail rules must also receive read-only management events. */
const requiredState = (rule: RuleInfo): string => (rule.scheduleExpression ? 'ENABLED' : REQUIRED_RULE_STATE);

/** Each honeytrail rule must exist and be in its required state. */
export function ruleFindings(rules: RuleInfo[]): Finding[] {
  return rules
    .filter((rule) => rule.state !== requiredState(rule))
    .map((rule) => {
      const missing = rule.state === undefined;
      return {
        kind: 'audit',
        key: `rule/${rule.name}:${missing ? 'missing' : `state-${rule.state}`}`,
        category: missing ? 'rule-missing' : 'rule-state',
        source: 'events.amazonaws.com',
        call: 'DescribeRule',
        target: `rule/${rule.name}`,
        title: missing
          ? `EventBridge rule ${rule.name} does not exist`
          : `EventBridge rule ${rule.name} is ${rule.state}, not ${requiredState(rule)}`,
        summary: missing
          ? `honeytrail's rule ${rule.name} is gone, so the events it matched no longer reach the detector.`
          : rule.state === 'DISABLED'
            ? `honeytrail's rule ${rule.name} is disabled: nothing it matches reaches the detector.`
            : rule.scheduleExpression
              ? `honeytrail's scheduled rule ${rule.name} is ${rule.state}, so the audit no longer runs.`
              : `honeytrail's rule ${rule.name} is ${rule.state}; in that state EventBridge drops read-only calls such as sts:GetCallerIdentity.`,
        nextSteps: [
          'Redeploy honeytrail to restore the rule, and find who changed it (DisableRule, PutRule or DeleteRule in CloudTrail).',
        ],
      } satisfies Finding;
    });
}

import type { Registry } from '../src/lib/decoys/registry.ts';

/** What every generator needs to know about the stack being built. */
export interface StackInput {
  service: string;
  stage: string;
  registry: Registry;
}

/** The functions of the home stack, keyed as in serverless.yml. */
export const FUNCTION_KEYS = [
  'detectUse',
  'detectTamper',
  'audit',
  'flushDigests',
  'channels',
  'redrive',
] as const;
/** The functions EventBridge feeds with CloudTrail events or a schedule, and whose dead letters the redrive re-invokes. */
export const DETECTOR_KEYS = ['detectUse', 'detectTamper', 'audit', 'flushDigests', 'channels'] as const;
export type FunctionKey = (typeof FUNCTION_KEYS)[number];

const capitalised = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/** The framework's own naming: `<service>-<stage>-<key>` and `<Key>LambdaFunction`. */
export const functionName = (input: StackInput, key: FunctionKey) => `${input.service}-${input.stage}-${key}`;
export const functionLogicalId = (key: FunctionKey) => `${capitalised(key)}LambdaFunction`;
export const roleLogicalId = (key: FunctionKey) => `${capitalised(key)}Role`;

/** Explicit role names (an `Fn::Sub` template, at most 64 characters once the region is in), so key
 * policies can name the roles without a dependency cycle. */
export const roleName = (input: StackInput, key: FunctionKey) =>
  `${input.service}-${input.stage}-${key}`.slice(0, 49).concat(`-\${AWS::Region}`);

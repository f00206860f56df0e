import { detectorTamperRule } from './detector-tamper.ts';
import { type Rule, useRule } from './rules.ts';
import { tamperRule } from './tamper/index.ts';

/**
 * Every rule honeytrail runs, in order. Both CloudTrail handlers run all of them: the EventBridge rules
 * decide which handler an event reaches, and an event may reach both (a decoy key changing a decoy).
 * Detection IDs are per (event, kind, subject), so the store turns the overlap into one alert.
 */
export const ALL_RULES: readonly Rule[] = [useRule, tamperRule, detectorTamperRule];

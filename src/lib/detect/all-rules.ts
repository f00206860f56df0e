import { type Rule, useRule } from './rules.ts';

/** Every rule honeytrail runs, in order. Handlers and the CLI both read this list; append new rules here. */
export const ALL_RULES: readonly Rule[] = [useRule];

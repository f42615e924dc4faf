import type { z } from 'zod';
import { closestMatch as closest } from './did-you-mean';

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

function shapeKeys(inst: unknown): string[] {
  const def = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def;
  return Object.keys(def?.shape ?? {});
}

const quoteAll = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/**
 * turns zod's built-in issues into messages that say what is wrong and how to fix it. Messages
 * written on a schema (`{ error: ... }`) take precedence over this map.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return `is missing; add it (a ${issue.expected === 'object' ? 'mapping' : issue.expected})`;
      const expected = issue.expected === 'object' ? 'mapping' : issue.expected === 'array' ? 'list' : issue.expected;
      const hint = expected === 'number' && typeof issue.input === 'string' ? ' (write the number without quotes)' :
        expected === 'string' && typeof issue.input === 'number' ? ' (put it in quotes)' : '';
      return `is a ${typeOf(issue.input)} but must be a ${expected}${hint}`;
    }
    case 'unrecognized_keys': {
      const allowed = shapeKeys(issue.inst);
      const parts = issue.keys.map((k) => {
        const guess = closest(k, allowed);
        return guess ? `"${k}" (did you mean "${guess}"?)` : `"${k}"`;
      });
      return `has unknown key${issue.keys.length > 1 ? 's' : ''} ${parts.join(', ')}; remove ${issue.keys.length > 1 ? 'them' : 'it'} or fix the spelling${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
    }
    case 'invalid_value':
      return `is not one of ${quoteAll(issue.values)}; use one of those`;
    case 'invalid_union':
      if (issue.discriminator) return `must be one of ${quoteAll((issue as { options?: unknown[] }).options ?? [])}`;
      return 'matches none of the allowed forms; see config/pipeline.schema.json';
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') return `has too few entries: list at least ${min}`;
      if (issue.origin === 'string') return min <= 1 ? 'is empty; give a value' : `is too short: use at least ${min} characters`;
      return `is below the minimum: use a value ${issue.inclusive ? '>=' : '>'} ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array') return `has too many entries: list at most ${max}`;
      if (issue.origin === 'string') return `is too long: use at most ${max} characters`;
      return `is above the maximum: use a value ${issue.inclusive ? '<=' : '<'} ${max}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_format':
      return `is not a valid ${issue.format}`;
    default:
      return undefined;
  }
};

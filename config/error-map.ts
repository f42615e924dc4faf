import type { z } from 'zod';
import { closestMatch as closest } from './did-you-mean';

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** zod's name of a type as the config's reader knows it, with its article: "a list", "a mapping", "true or false". */
function expectedNoun(expected: string): string {
  if (expected === 'object' || expected === 'record' || expected === 'map') return 'a mapping';
  if (expected === 'array' || expected === 'tuple' || expected === 'set') return 'a list';
  if (expected === 'boolean') return 'true or false';
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

const YAML_TRUE = /^(yes|y|on|true)$/i;
const YAML_FALSE = /^(no|n|off|false)$/i;

/** the hint for a value of the wrong type that the writer probably meant as the right one. */
function typeHint(expected: string, input: unknown): string {
  if (expected === 'boolean' && typeof input === 'string' && (YAML_TRUE.test(input) || YAML_FALSE.test(input))) {
    const meant = YAML_TRUE.test(input) ? 'true' : 'false';
    return `; write ${meant} without quotes (YAML 1.2 reads ${input} as the text "${input}", not as ${meant})`;
  }
  if (expected === 'number' && typeof input === 'string') return '; write the number without quotes';
  if (expected === 'string' && typeof input === 'number') return '; put it in quotes';
  return '';
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
      const expected = expectedNoun(issue.expected);
      if (issue.input === undefined) return `is missing; add it (${expected})`;
      if (issue.input === null) return `is empty but must be ${expected}; give it a value or remove the key`;
      return `is ${typeOf(issue.input)} but must be ${expected}${typeHint(issue.expected, issue.input)}`;
    }
    case 'unrecognized_keys': {
      // one key: the problem is reported at the key itself (see resolve-config), so this reads as `<path.key> is not a known key ...`
      const allowed = shapeKeys(issue.inst);
      const parts = issue.keys.map((k) => {
        const guess = closest(k, allowed);
        return guess ? `"${k}" (did you mean "${guess}"?)` : `"${k}"`;
      });
      const allowedText = allowed.length ? ` (allowed here: ${allowed.join(', ')})` : '';
      if (issue.keys.length === 1) {
        const guess = closest(issue.keys[0], allowed);
        return `is not a known key${guess ? ` (did you mean "${guess}"?)` : ''}; fix the spelling or remove it${allowedText}`;
      }
      return `has unknown keys ${parts.join(', ')}; fix the spelling or remove them${allowedText}`;
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

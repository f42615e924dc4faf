import { distance } from 'fastest-levenshtein';

/**
 * the candidate closest to a misspelt word (compared without regard to case), when it is close
 * enough to be what was meant: at most a third of the word's letters away, and never more than
 * a few edits. Undefined when nothing is that close.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; edits: number } | undefined;
  for (const candidate of candidates) {
    const edits = distance(lower, candidate.toLowerCase());
    if (!best || edits < best.edits) best = { candidate, edits };
  }
  return best && best.edits <= Math.max(2, Math.floor(word.length / 3)) ? best.candidate : undefined;
}

/** ` (did you mean "x"?)` for the closest candidate, or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const guess = closestMatch(word, candidates);
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`;
}

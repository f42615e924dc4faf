import { distance } from 'fastest-levenshtein';

/**
 * the candidate closest to a mistyped word, when it is close enough to be a typo (at most a third
 * of the word's letters differ, and at least two may); undefined otherwise.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (best === undefined || d < best.d) best = { candidate, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.candidate : undefined;
}

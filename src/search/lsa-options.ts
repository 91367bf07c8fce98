// `--lsa dim=384,weighting=entropy`: LSA settings to try from the command line (eval compares candidates).
import { LSA_WEIGHTINGS, type LsaOptions, type LsaWeighting } from './lsa.ts';

const NUMERIC = { dim: [2, 1024], maxVocab: [1, 1_000_000], minDf: [1, 1000], powerIterations: [0, 10], sigmaExponent: [-2, 2] } as const;

/** Parses `key=value` pairs separated by commas; throws an Error naming the bad pair. */
export function parseLsaOptions(text: string): Partial<LsaOptions> {
  const out: Partial<LsaOptions> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq).trim();
    const value = eq < 0 ? '' : pair.slice(eq + 1).trim();
    if (key === 'weighting') {
      if (!(LSA_WEIGHTINGS as readonly string[]).includes(value)) throw new Error(`--lsa weighting must be ${LSA_WEIGHTINGS.join(' or ')}, got "${value}"`);
      out.weighting = value as LsaWeighting;
    } else if (key in NUMERIC) {
      const [lo, hi] = NUMERIC[key as keyof typeof NUMERIC];
      const n = Number(value);
      const whole = key !== 'sigmaExponent';
      if (value === '' || !Number.isFinite(n) || n < lo || n > hi || (whole && !Number.isInteger(n))) {
        throw new Error(`--lsa ${key} must be a ${whole ? 'whole ' : ''}number from ${lo} to ${hi}, got "${value}"`);
      }
      out[key as keyof typeof NUMERIC] = n;
    } else {
      throw new Error(`--lsa has no setting "${key}" (known: ${[...Object.keys(NUMERIC), 'weighting'].join(', ')})`);
    }
  }
  return out;
}

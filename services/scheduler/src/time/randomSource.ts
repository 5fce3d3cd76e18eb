/**
 * Where `within` draws its random moments. Math.random by default; with a seed (RANDOM_SEED,
 * for tests that check the distribution) a small deterministic generator (mulberry32).
 */
export type RandomSource = () => number;

export function randomSource(seed?: number): RandomSource {
  if (seed === undefined) return Math.random;
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// The demo's figures vary from month to month by a fixed pseudo-random sequence, so that every
// fresh start shows the same books.

/** An integer in [min, max], both included. */
export type DemoRandom = (min: number, max: number) => number;

/** A small deterministic generator (a linear congruential one): the same demo every time. */
export function sequence(seed: number): DemoRandom {
  let state = seed;
  return (min, max) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    // The high bits: a power-of-two modulus leaves the low ones with short cycles.
    return min + Math.floor((state / 2 ** 31) * (max - min + 1));
  };
}

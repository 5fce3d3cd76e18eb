export const durationUnits = [
  { value: 'S', label: 'seconds' },
  { value: 'M', label: 'minutes' },
  { value: 'H', label: 'hours' },
  { value: 'D', label: 'days' },
  { value: 'W', label: 'weeks' },
] as const;
export type DurationUnit = (typeof durationUnits)[number]['value'];

/**
 * `3` seconds as `PT3S`, 2 days as `P2D`. What the user typed goes to the API as is, so a bad
 * amount comes back as the API's 400 on this field rather than being second-guessed here.
 */
export function isoDuration(amount: string, unit: DurationUnit): string {
  const n = amount.trim();
  return unit === 'D' || unit === 'W' ? `P${n}${unit}` : `PT${n}${unit}`;
}

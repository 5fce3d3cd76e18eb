const units: Record<string, { ms: number; iso: 'D' | 'H' | 'M' | 'S' }> = {
  d: { ms: 86_400_000, iso: 'D' },
  h: { ms: 3_600_000, iso: 'H' },
  m: { ms: 60_000, iso: 'M' },
  s: { ms: 1000, iso: 'S' },
};

/**
 * A duration as the API takes it (ISO-8601): `P3D` and `PT1H30M` pass through; the short forms
 * people type, `2h`, `90m`, `1d12h`, `45s`, become `PT2H`, `PT90M`, `P1DT12H`, `PT45S`.
 * Throws on anything else, naming the text.
 */
export function toIsoDuration(text: string): string {
  const trimmed = text.trim();
  if (/^P/i.test(trimmed)) return trimmed.toUpperCase();
  const parts = [...trimmed.matchAll(/(\d+)\s*([dhms])/gi)];
  if (
    parts.length === 0 ||
    parts
      .map((p) => p[0])
      .join('')
      .replace(/\s/g, '') !== trimmed.replace(/\s/g, '')
  ) {
    throw new Error(`"${text}" is not a duration: use e.g. 2h, 30m, 1d12h or an ISO-8601 duration (PT2H, P3D)`);
  }
  let days = '';
  let time = '';
  for (const [, amount, unit] of parts) {
    const { iso } = units[unit!.toLowerCase()]!;
    if (iso === 'D') days += `${Number(amount)}D`;
    else time += `${Number(amount)}${iso}`;
  }
  return `P${days}${time ? `T${time}` : ''}`;
}

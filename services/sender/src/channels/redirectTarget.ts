/** Longest redirect target quoted in an attempt's error. */
const quotedTargetLength = 300;

/**
 * Where a 3xx answer sends a delivery, if it is to be followed. Only 307 and 308 are: they keep
 * the method and the body. A 301 or 302 would make a POST a GET (what clients do) and a 303 must,
 * so the receiver would get a bodiless GET and the attempt count as delivered: those fail, naming
 * the redirect so the user can fix the task's URL.
 */
export function redirectTarget(
  from: URL,
  status: number,
  location: string | string[] | undefined,
): { url: URL } | { refused: string } {
  const given = Array.isArray(location) ? location[0] : location;
  if (!given) return { refused: `HTTP ${status} redirect without a Location` };
  let target: URL | undefined;
  try {
    target = new URL(given, from);
  } catch {
    // Quoted as given below.
  }
  const named = (target?.href ?? given).slice(0, quotedTargetLength);
  if (status !== 307 && status !== 308)
    return { refused: `HTTP ${status} redirect to ${named}, not followed: only 307 and 308 keep the method and body` };
  if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:'))
    return { refused: `HTTP ${status} redirect to ${named}: not an http or https URL` };
  return { url: target };
}

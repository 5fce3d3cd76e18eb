/**
 * An attempt's error text as Postgres can store it. It may quote what a receiver, an SMTP server
 * or an SMS provider answered, and they may answer a NUL or (cut from a longer text) an unpaired
 * surrogate: Postgres refuses the first in text and both in jsonb (a callback's body), which
 * would fail the whole history batch that holds the attempt, again and again. Each becomes
 * U+FFFD, the replacement character, so the rest of the message still reads.
 */
export function storableText(text: string): string {
  // With the u flag a string is read by code points, so only an unpaired surrogate is in this range.
  return text.replace(/\0|[\uD800-\uDFFF]/gu, '\uFFFD');
}

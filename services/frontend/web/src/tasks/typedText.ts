/**
 * What the text typed into a field of the New task form sends. `undefined` sends nothing; text
 * that is not what the field wants goes as typed, for the API to refuse naming the field.
 */
import { zonedToInstant } from '../time/zonedTime';

const given = (text: string) => text.trim() !== '';
const isNumber = (text: string) => given(text) && Number.isFinite(Number(text));

export const trimmed = (text: string) => text.trim();

export const trimmedIfGiven = (text: string) => (given(text) ? text.trim() : undefined);

/** A choice whose `''` means "the API's default". */
export const chosen = <T extends string>(choice: T | '') => (choice === '' ? undefined : choice);

/** A number when the text is one, else the text itself. */
export const numberIfGiven = (text: string) => (given(text) ? (isNumber(text) ? Number(text) : text) : undefined);

/** Seconds as typed, sent as milliseconds. */
export const msIfGiven = (text: string) =>
  given(text) ? (isNumber(text) ? Math.round(Number(text) * 1000) : text) : undefined;

/** A local date-time in the form's zone, sent as an instant. */
export const instantIfGiven = (local: string, timezone: string) =>
  given(local) ? (zonedToInstant(local, timezone)?.toISOString() ?? local) : undefined;

/** Headers one per line, as `Name: value`. */
export function headersOf(text: string): Record<string, string> | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    // A line without a colon goes as a name the API refuses, naming it.
    if (colon < 0) headers[line.trim()] = '';
    else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** A body that looks like JSON is sent as JSON; anything else as plain text. */
export function bodyOf(text: string): unknown {
  if (!given(text)) return undefined;
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

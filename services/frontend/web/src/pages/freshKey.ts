/**
 * The API key made at signup, held in memory only (never in storage: a key is a password) until
 * the user says they stored it.
 */
let freshKey: string | null = null;

export function rememberFreshKey(key: string): void {
  freshKey = key;
}

export const freshKeyNow = (): string | null => freshKey;

export function forgetFreshKey(): void {
  freshKey = null;
}

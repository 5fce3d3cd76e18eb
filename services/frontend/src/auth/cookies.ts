import type { Request } from 'express';

export const sessionCookieName = 'later_session';

/**
 * Readable by the web UI's scripts, and worth nothing to anyone else: it only says a session
 * cookie was set, so a fresh load by someone logged out skips asking GET /v1/session (whose
 * 401 every browser prints in its console as an error) and shows the login page at once.
 */
export const signedInHintCookieName = 'later_signed_in';

/** One cookie's value from the request, or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * HttpOnly: scripts cannot read it. SameSite=Lax: other sites cannot make a browser send it on
 * their forms' POSTs (and every change also needs the CSRF header). Secure when served over TLS.
 */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${sessionCookieName}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** The session cookie and the script-readable hint that one is set, with the same lifetime. */
export function sessionCookies(token: string, maxAgeSeconds: number, secure: boolean): string[] {
  const hint = `${signedInHintCookieName}=${token ? '1' : ''}; Path=/; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
  return [sessionCookie(token, maxAgeSeconds, secure), hint];
}

export function clearedSessionCookies(secure: boolean): string[] {
  return sessionCookies('', 0, secure);
}

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { answer, api, setCsrfToken, whenSessionEnds, type Schemas } from './client';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'signedIn'; userId: string; email: string; timezone: string; quietHours: Schemas['QuietHours'] | null };

interface SessionApi {
  session: SessionState;
  logIn(email: string, password: string): Promise<void>;
  logOut(): Promise<void>;
  /** Reads the session and profile again (after the profile changed). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/**
 * Whether the server said, with its script-readable `later_signed_in` cookie, that a session
 * cookie is set. Without it there is no session to ask about, and asking would only print the
 * answer's 401 in the browser console on every logged-out load.
 */
const mayBeSignedIn = () => document.cookie.split(';').some((part) => part.trim() === 'later_signed_in=1');

/** Drops the hint when the session turns out to be over (ended elsewhere, expired). */
const forgetSignedIn = () => {
  document.cookie = 'later_signed_in=; Path=/; Max-Age=0; SameSite=Lax';
};

/**
 * The signed-in user, from the session cookie, with what pages need of their profile: the time
 * zone every time is shown in, and the quiet hours reminders keep out of.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  const load = useCallback(async () => {
    if (!mayBeSignedIn()) {
      setCsrfToken(null);
      setSession({ status: 'anonymous' });
      return;
    }
    try {
      const current = await answer(api.GET('/v1/session'));
      setCsrfToken(current.csrfToken ?? null);
      const profile = await answer(api.GET('/v1/me'));
      setSession({
        status: 'signedIn',
        userId: current.userId,
        email: current.email,
        timezone: profile.timezone,
        quietHours: profile.quietHours,
      });
    } catch {
      // A 401 has dropped the hint already (whenSessionEnds); a network failure keeps it.
      setCsrfToken(null);
      setSession({ status: 'anonymous' });
    }
  }, []);

  useEffect(() => {
    whenSessionEnds(() => {
      forgetSignedIn();
      setCsrfToken(null);
      setSession({ status: 'anonymous' });
    });
    void load();
  }, [load]);

  const value = useMemo<SessionApi>(
    () => ({
      session,
      async logIn(email, password) {
        const opened = await answer(api.POST('/v1/login', { body: { email, password } }));
        setCsrfToken(opened.csrfToken ?? null);
        await load();
      },
      refresh: load,
      async logOut() {
        await answer(api.POST('/v1/logout')).catch(() => undefined);
        setCsrfToken(null);
        setSession({ status: 'anonymous' });
      },
    }),
    [session, load],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user's time zone (pages behind the login only). */
export function useTimeZone(): string {
  const { session } = useSession();
  return session.status === 'signedIn' ? session.timezone : 'UTC';
}

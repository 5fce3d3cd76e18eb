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
 * The signed-in user, from the session cookie, with what pages need of their profile: the time
 * zone every time is shown in, and the quiet hours reminders keep out of.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  const load = useCallback(async () => {
    try {
      const current = await answer(api.GET('/v1/session'));
      setCsrfToken(current.csrfToken ?? null);
      const profile = await answer(api.GET('/v1/me'));
      setSession({ status: 'signedIn', userId: current.userId, email: current.email, timezone: profile.timezone, quietHours: profile.quietHours });
    } catch {
      setCsrfToken(null);
      setSession({ status: 'anonymous' });
    }
  }, []);

  useEffect(() => {
    whenSessionEnds(() => {
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

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api, session, unwrap, whenUnauthorised } from '../api/client';
import type { Role } from '../api/enums';

// Who is signed in: the token lives in sessionStorage (one tab, gone when it closes); GET /auth/me says
// who it belongs to. Any 401 ends the session and sends the user to sign in, and back afterwards.
export interface Me {
  username: string;
  actor: { id: string; name: string; role: Role };
  mode: 'builtin' | 'oidc';
  mustChangePassword: boolean;
}

interface SessionValue {
  token: string | null;
  me: Me | undefined;
  signedIn(token: string): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(session.token());
  const queries = useQueryClient();
  const navigate = useNavigate();

  const me = useQuery({
    queryKey: ['me', token],
    enabled: !!token,
    staleTime: Infinity,
    queryFn: async () => (await unwrap(api.GET('/auth/me'))) as unknown as Me,
  });

  const end = useCallback(() => {
    session.clear();
    setToken(null);
    queries.clear();
  }, [queries]);

  useEffect(() => {
    whenUnauthorised(() => {
      end();
      const here = `${window.location.pathname}${window.location.search}`;
      if (!window.location.pathname.startsWith('/sign-in')) navigate(`/sign-in?next=${encodeURIComponent(here)}`);
    });
  }, [end, navigate]);

  const value = useMemo<SessionValue>(
    () => ({
      token,
      me: me.data,
      signedIn: (next) => {
        session.set(next);
        setToken(next);
      },
      signOut: async () => {
        // The API revokes the token where it can (POST /auth/logout); until that route exists a 404 is fine.
        try {
          await fetch('/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token ?? ''}` } });
        } catch {
          // Signing out locally is what matters to the person at the screen.
        }
        end();
        navigate('/sign-in');
      },
    }),
    [token, me.data, end, navigate],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Roles that may issue project commands (the API decides; the UI only hides what it would refuse). */
export const mayWrite = (me: Me | undefined): boolean => me?.actor.role === 'innovation_office';
export const maySign = (me: Me | undefined): boolean => me?.actor.role === 'innovation_office';

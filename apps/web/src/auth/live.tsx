import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { session } from '../api/client';
import { useSession } from './session';

// Live updates: GET /live/events (server-sent events fed by the event store's subscription), read with fetch
// because EventSource cannot send the bearer token. Each message names the project and the global position it
// reached: the open project is fetched again, and the dashboard's read-model queries ask for that position
// (read-your-writes), so they show the change as soon as the projections hold it. A dropped stream reconnects
// with the last id it saw and catches up from there.
const LivePosition = createContext<number | undefined>(undefined);

export function useLivePosition(): number | undefined {
  return useContext(LivePosition);
}

interface ProjectChanged {
  projectId: string;
  globalPosition: number;
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const { token } = useSession();
  const queries = useQueryClient();
  const [position, setPosition] = useState<number | undefined>(undefined);

  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    let lastId: string | undefined;

    const handle = (block: string) => {
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('id:')) lastId = line.slice(3).trim();
        else if (line.startsWith(': at ')) lastId = line.slice(5).trim();
        else if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      if (event !== 'project-changed' || !data) return;
      const change = JSON.parse(data) as ProjectChanged;
      setPosition((p) => Math.max(p ?? 0, change.globalPosition));
      void queries.invalidateQueries({ queryKey: ['project', change.projectId] });
      void queries.invalidateQueries({ queryKey: ['history', change.projectId] });
    };

    const listen = async () => {
      while (!abort.signal.aborted) {
        try {
          const res = await fetch('/live/events', {
            headers: { Authorization: `Bearer ${session.token() ?? ''}`, Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
            signal: abort.signal,
          });
          // No live route (an older API) or no longer signed in: nothing to listen to.
          if (res.status === 404 || res.status === 401 || res.status === 403) return;
          if (!res.ok || !res.body) throw new Error(`live updates: ${res.status}`);
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value.replace(/\r\n/g, '\n');
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              handle(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
            }
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    };
    void listen();
    return () => abort.abort();
  }, [token, queries]);

  return <LivePosition.Provider value={position}>{children}</LivePosition.Provider>;
}

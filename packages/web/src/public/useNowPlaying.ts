import { useEffect, useState } from 'react';
import { fetchNowPlaying, followNowPlaying, type NowPlayingDoc } from './api';

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; doc: NowPlayingDoc };

/** One JSON call, then the live push: no polling, no reload when the song changes. */
export function useNowPlaying(slug: string): State {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    fetchNowPlaying(slug).then(
      (doc) => {
        if (cancelled) return;
        setState({ status: 'ready', doc });
        stop = followNowPlaying(slug, (next) => setState({ status: 'ready', doc: next }));
      },
      (err: Error) => !cancelled && setState({ status: 'error', message: err.message }),
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [slug]);
  return state;
}

/** The current second, ticking: elapsed and remaining count without asking the server. */
export function useNowSeconds(): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const t = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** m:ss, or h:mm:ss past an hour. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

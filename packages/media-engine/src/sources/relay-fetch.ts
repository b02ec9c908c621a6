import { pipeline } from 'node:stream/promises';
import type { OutboundFence } from '@grimnir/engine-client';
import type { ChildProc } from '../gstreamer/process.js';
import { IcyStrip, metaintOf } from './relay-icy.js';

// souphttpsrc's own I/O timeout was 5 s; a server that has not answered by then is skipped.
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Feeds one remote stream into a relay decoder's stdin. The engine opens the URL itself, so
 * credentials never reach a command line (`ps`) and every connection passes the outbound fence
 * (resolved address at connect time, every redirect). A URL that cannot be opened kills the
 * decoder, which counts as a failed source and moves the relay to its next URL; a stream that
 * ends ends the decoder's input (a clean end, also followed by the next URL); a decoder that is
 * closed or replaced drops the connection.
 */
export function feedRelay(fence: Pick<OutboundFence, 'open'>, url: string, proc: ChildProc): void {
  // A decoder replaced while we connect must not keep a connection to a stream nobody plays.
  proc.stdin.on('error', () => undefined);
  void fence
    .open(url, {
      timeoutMs: CONNECT_TIMEOUT_MS,
      // Asked for as souphttpsrc did, and stripped below: Icecast then also sends titles.
      headers: { 'icy-metadata': '1', 'user-agent': 'grimnir-mediaengine' },
    })
    .then(async (r) => {
      if (!r.ok) return proc.kill();
      const res = r.res;
      if (proc.hasExited()) return void res.destroy();
      void proc.exited.then(() => res.destroy());
      const metaint = metaintOf(res.headers['icy-metaint']);
      try {
        await (metaint === undefined
          ? pipeline(res, proc.stdin)
          : pipeline(res, new IcyStrip(metaint), proc.stdin));
      } catch {
        // Remote reset or decoder gone: either way the decoder's input has ended.
        proc.stdin.destroy();
      }
    });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';

const ICECAST_PASSWORD = 'bench-source-pw';

/** Starts icecast2 on loopback with a throwaway config (trap 10: drops root via changeowner). */
export async function startIcecast(dir: string, port: number): Promise<ChildProcess> {
  chmodSync(dir, 0o777);
  const xml = `<icecast>
  <limits><clients>20000</clients><sources>4</sources><queue-size>524288</queue-size>
    <burst-on-connect>1</burst-on-connect><burst-size>65535</burst-size>
    <source-timeout>10</source-timeout><client-timeout>30</client-timeout></limits>
  <authentication><source-password>${ICECAST_PASSWORD}</source-password>
    <admin-user>admin</admin-user><admin-password>${ICECAST_PASSWORD}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>${dir}</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot><changeowner><user>nobody</user><group>nogroup</group></changeowner></security>
</icecast>`;
  const file = join(dir, 'icecast.xml');
  writeFileSync(file, xml);
  chmodSync(file, 0o644);
  const child = spawn('icecast2', ['-c', file], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return child;
  }
  child.kill('SIGKILL');
  throw new Error('icecast2 did not start');
}

/**
 * An Icecast source over a raw socket (ENGINE-NOTES trap 6: icecast 2.4 does not de-chunk a PUT
 * body, so no http.request): PUT with Expect: 100-continue, then raw MP3 bytes.
 */
export function connectSource(port: number, mount: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    const auth = Buffer.from(`source:${ICECAST_PASSWORD}`).toString('base64');
    s.write(
      [
        `PUT /${mount} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        `Authorization: Basic ${auth}`,
        'Content-Type: audio/mpeg',
        'Ice-Name: Bench FM',
        'Ice-Public: 0',
        'Ice-Bitrate: 128',
        'Expect: 100-continue',
        '',
        '',
      ].join('\r\n'),
    );
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      s.off('data', onData);
      if (/^HTTP\/1\.[01] (100|200)/.test(head)) resolve(s);
      else reject(new Error(`icecast refused the source: ${head.split('\r\n')[0] ?? ''}`));
    };
    s.on('data', onData);
    s.on('error', reject);
  });
}

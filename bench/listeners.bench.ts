/**
 * `npm run bench:listeners [-- --seconds 60 --counts 100,1000,5000]`: N concurrent listeners on
 * one 128 kbit/s MP3 mount over loopback, first against the control plane (child process, fed
 * by the file feeder), then against a local icecast2 fed the same file at the same pace by a
 * raw-socket source. Prints CPU (% of one core, from /proc/<pid>/stat: per process, trap 11) and
 * RSS growth per 1,000 listeners, the share of listeners that fell behind, and both ratios.
 * For the control plane it also splits the growth (process.memoryUsage() per 1,000: V8 heap
 * committed and in use, and memory outside it, Buffers included), and the heap still live after
 * a full collection with the listeners connected, minus the same once they have gone: what
 * listeners hold, as against garbage not yet collected. `--snapshot <dir>` writes a heap
 * snapshot of the control plane with each count connected. The control plane's growth at the
 * first count can be negative: V8 shrinks the young generation its start-up grew once the
 * allocation rate is low (under ~1 MB/s), and nothing in Node asks for that beforehand.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { makeToneMp3 } from '@grimnir/test-kit/tone-fixtures.js';
import { FileLoopFeeder } from '@grimnir/server/test-support/file-loop-feeder.js';
import { connectSource, startIcecast } from './icecast.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const seconds = Number(arg('seconds', '60'));
const counts = arg('counts', '100,1000,5000').split(',').map(Number);
const BYTES_PER_SECOND = 128_000 / 8;

// Two sockets per listener across the processes; re-exec once with the hard limit if needed.
if (process.env.GRIMNIR_BENCH_REEXEC === undefined) {
  const r = spawnSync(
    'bash',
    [
      '-c',
      'ulimit -n "$(ulimit -Hn)"; exec "$@"',
      'bench',
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, GRIMNIR_BENCH_REEXEC: '1' } },
  );
  process.exit(r.status ?? 1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 Hz)
};
const rssBytes = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

type Mem = NodeJS.MemoryUsage & { newSpace: number };
/** Asks the control plane for its memoryUsage(), after a full collection with `gc`. */
type Probe = (cmd: 'mem' | 'gc' | `snap ${string}`) => Promise<Mem | undefined>;

interface MemSplit {
  newSpacePer1000: number;
  heapTotalPer1000: number;
  heapPer1000: number;
  externalPer1000: number;
  liveHeapPer1000: number;
  liveExternalPer1000: number;
}

interface Result {
  mem?: MemSplit;
  cpuPct: number;
  idlePct: number;
  rssPer1000: number;
  behindPct: number;
  connected: number;
  dropped: number;
  medianKbps: number;
}

async function runLoad(
  port: number,
  path: string,
  count: number,
  pid: number,
  probe?: Probe,
): Promise<Result> {
  // Idle cost of the process (feeder, timers) with no listener: subtracted for the marginal
  // CPU per listener, which at 100 listeners is otherwise mostly this fixed cost.
  const idle0 = ticks(pid);
  const tIdle = performance.now();
  await sleep(5000);
  const idlePct = ((ticks(pid) - idle0) / 100 / ((performance.now() - tIdle) / 1000)) * 100;
  const rss0 = rssBytes(pid);
  const mem0 = await probe?.('mem');
  const ls: { socket: Socket; bytes: number; closed: boolean }[] = [];
  // Batches of 20, each receiving audio before the next opens: icecast2 listens with an accept
  // backlog of 5 and admits a connection storm only through SYN retries (seconds to minutes), so
  // the ramp is paced by the server's admission; the measurement starts once all are in.
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, () => {
      const l = { socket: connect(port, '127.0.0.1'), bytes: 0, closed: false };
      l.socket.on('close', () => (l.closed = true));
      l.socket.on('error', () => undefined);
      l.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\n\r\n`);
      ls.push(l);
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, 15_000);
        l.socket.on('data', (d: Buffer) => {
          if (l.bytes === 0) resolve(clearTimeout(timer));
          l.bytes += d.length;
        });
        l.socket.once('close', () => resolve(clearTimeout(timer)));
      });
    });
    await Promise.all(batch);
  }
  await sleep(2000);
  const connected = ls.filter((l) => !l.closed && l.bytes > 0).length;
  const t1 = performance.now();
  const cpu1 = ticks(pid);
  const before = ls.map((l) => l.bytes);
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - t1) / 1000;
  const cpu2 = ticks(pid);
  const rss1 = rssBytes(pid);
  const mem1 = await probe?.('mem');
  const live1 = await probe?.('gc');
  const snapDir = arg('snapshot', '');
  if (snapDir !== '') await probe?.(`snap ${join(snapDir, `listeners-${count}.heapsnapshot`)}`);
  const want = (elapsed - 2) * BYTES_PER_SECOND;
  const behind = ls.filter((l, k) => l.closed || l.bytes - before[k]! < want).length;
  const dropped = ls.filter((l) => l.closed).length;
  const rates = ls
    .map((l, k) => ((l.bytes - before[k]!) * 8) / 1000 / elapsed)
    .sort((a, b) => a - b);
  for (const l of ls) l.socket.destroy();
  await sleep(2000);
  const live0 = await probe?.('gc');
  const per1000 = (a: number, b: number) => ((a - b) / count) * 1000;
  return {
    ...(mem0 &&
      mem1 &&
      live0 &&
      live1 && {
        mem: {
          newSpacePer1000: per1000(mem1.newSpace, mem0.newSpace),
          heapTotalPer1000: per1000(mem1.heapTotal, mem0.heapTotal),
          heapPer1000: per1000(mem1.heapUsed, mem0.heapUsed),
          externalPer1000: per1000(mem1.external, mem0.external),
          liveHeapPer1000: per1000(live1.heapUsed, live0.heapUsed),
          liveExternalPer1000: per1000(live1.external, live0.external),
        },
      }),
    cpuPct: ((cpu2 - cpu1) / 100 / elapsed) * 100,
    idlePct,
    rssPer1000: ((rss1 - rss0) / count) * 1000,
    behindPct: (behind / count) * 100,
    connected,
    dropped,
    medianKbps: rates[Math.floor(rates.length / 2)] ?? 0,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'grimnir-listeners-bench-'));
const children: { kill(sig?: NodeJS.Signals): boolean }[] = [];
try {
  const tone = await makeToneMp3(dir, { freq: 440, seconds: 30 });
  // `--server-flags "--max-semi-space-size=2"`: Node/V8 flags for the control plane alone.
  const serverFlags = arg('server-flags', '').split(' ').filter(Boolean);
  const server = spawn(
    process.execPath,
    [...serverFlags, '--import', 'tsx', 'bench/listeners-server.ts', tone],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(server);
  const ready = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line);
    });
    server.once('exit', (code) => reject(new Error(`control plane exited (${code})`)));
  });
  const [, grimnirPort, mountName] = ready.split(' ');
  const memLines: ((m: Mem) => void)[] = [];
  createInterface({ input: server.stdout }).on('line', (line) => {
    if (line.startsWith('MEM ')) memLines.shift()?.(JSON.parse(line.slice(4)) as Mem);
  });
  const probe: Probe = (cmd) =>
    new Promise((resolve) => {
      memLines.push(resolve);
      server.stdin.write(`${cmd}\n`);
    });
  const icePort = await freePort();
  const icecast = await startIcecast(dir, icePort);
  children.push(icecast);
  const source = await connectSource(icePort, 'bench.mp3');
  const feeder = new FileLoopFeeder({ publish: (b) => source.write(b) }, readFileSync(tone), {
    framing: 'mp3',
    tickMs: 250,
    prerollSeconds: 4,
  }).start();
  await sleep(2000);
  const fmt = (n: number, d = 1) => n.toFixed(d).padStart(7);
  console.log(`listeners bench: ${seconds} s per run, 128 kbit/s MP3, loopback`);
  console.log(
    'listeners | target   | connected | CPU % (1 core) | idle CPU % | CPU %/1000 | marginal %/1000 | RSS MB/1000 | fell behind % | dropped | median kbit/s',
  );
  const only = arg('targets', 'grimnir,icecast2').split(',');
  for (const count of counts) {
    const results: [string, Result][] = [];
    if (only.includes('grimnir'))
      results.push([
        'grimnir',
        await runLoad(Number(grimnirPort), `/stream/${mountName}`, count, server.pid!, probe),
      ]);
    if (only.includes('icecast2'))
      results.push(['icecast2', await runLoad(icePort, '/bench.mp3', count, icecast.pid!)]);
    for (const [name, r] of results)
      console.log(
        `${String(count).padStart(9)} | ${name.padEnd(8)} | ${String(r.connected).padStart(9)} | ${fmt(r.cpuPct)}        | ${fmt(r.idlePct)}    | ${fmt((r.cpuPct / count) * 1000, 2)}    | ${fmt(((r.cpuPct - r.idlePct) / count) * 1000, 2)}         | ${fmt(r.rssPer1000 / 1e6, 2)}     | ${fmt(r.behindPct, 2)}       | ${String(r.dropped).padStart(7)} | ${fmt(r.medianKbps)}`,
      );
    for (const [name, r] of results)
      if (r.mem)
        console.log(
          `${String(count).padStart(9)} | ${name} memory per 1,000: heap ${fmt(r.mem.heapTotalPer1000 / 1e6, 2)} MB (in use ${fmt(r.mem.heapPer1000 / 1e6, 2)} MB, young generation ${fmt(r.mem.newSpacePer1000 / 1e6, 2)} MB), outside the heap ${fmt(r.mem.externalPer1000 / 1e6, 2)} MB; live after a full GC: heap ${fmt(r.mem.liveHeapPer1000 / 1e6, 2)} MB, outside ${fmt(r.mem.liveExternalPer1000 / 1e6, 2)} MB`,
        );
    const [g, i] = [results[0]?.[1], results[1]?.[1]];
    if (g && i)
      console.log(
        `${String(count).padStart(9)} | CPU per listener, grimnir / icecast2 = ${(g.cpuPct / Math.max(i.cpuPct, 0.01)).toFixed(2)}× (marginal, idle cost subtracted: ${((g.cpuPct - g.idlePct) / Math.max(i.cpuPct - i.idlePct, 0.01)).toFixed(2)}×)`,
      );
    if (g && i)
      console.log(
        `${String(count).padStart(9)} | RSS per listener, grimnir / icecast2 = ${(g.rssPer1000 / Math.max(i.rssPer1000, 1)).toFixed(2)}×`,
      );
  }
  feeder.stop();
  source.destroy();
  server.stdin.end();
  await new Promise((r) => server.once('exit', r));
} finally {
  for (const c of children) c.kill('SIGTERM');
  await sleep(500);
  rmSync(dir, { recursive: true, force: true });
}

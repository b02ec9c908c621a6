import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { payloadTooLarge, unsupportedMediaType } from '../../errors.js';
import { diskFull, isDiskFull } from '../../infra/disk-space.js';
import { SNIFF_BYTES, sniffAudio, type AudioKind } from './media-sniff.js';
import { tmpDir } from './media-paths.js';

/**
 * Streams an upload to a temporary file under `<mediaRoot>/.tmp`, hashing (SHA-256) and counting
 * on the way, so a file of any size costs one chunk of memory. Non-audio content is refused as
 * soon as the first bytes arrive; anything that goes wrong (limit, client abort, disk error)
 * removes the temporary file before the error propagates, so an interrupted upload leaves
 * nothing behind.
 */

export interface ReceivedFile {
  readonly tmpPath: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly audio: AudioKind;
}

interface ReceiveOptions {
  readonly mediaRoot: string;
  readonly maxBytes: number;
}

const unsupported = () =>
  unsupportedMediaType(
    'the file is not a supported audio format (MP3, AAC, FLAC, Ogg, WAV, M4A, AIFF)',
  );

const tooLarge = (max: number) =>
  payloadTooLarge(`the file exceeds the upload limit of ${Math.floor(max / 1_048_576)} MiB`);

class Inspector extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  private head = Buffer.alloc(0);
  /** Decided early, or left undefined when an ID3 tag defers the decision to the full file. */
  audio: AudioKind | undefined;
  deferred = false;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    if (this.audio === undefined && !this.deferred) {
      this.head = Buffer.concat([this.head, chunk]);
      const err = this.decide(false);
      if (err) return done(err);
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.audio === undefined && !this.deferred ? this.decide(true) : null);
  }

  private decide(complete: boolean): Error | undefined {
    const result = sniffAudio(this.head, complete);
    switch (result.kind) {
      case 'audio':
        this.audio = result.audio;
        return undefined;
      case 'skip':
        this.deferred = true;
        return undefined;
      case 'need_more':
        return undefined;
      case 'unsupported':
        return unsupported();
    }
  }
}

// ID3v2 tags may be chained (v2.4 appended tags, broken taggers writing two); a few hops suffice.
const MAX_ID3_HOPS = 4;

/** Re-sniffs a completed file whose audio starts after one or more ID3v2 tags. */
async function sniffFile(path: string, sizeBytes: number): Promise<AudioKind> {
  const fh = await open(path, 'r');
  try {
    let offset = 0;
    for (let hop = 0; hop <= MAX_ID3_HOPS && offset < sizeBytes; hop++) {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, offset);
      const result = sniffAudio(buf.subarray(0, bytesRead), true);
      if (result.kind === 'audio') return result.audio;
      if (result.kind !== 'skip') break;
      offset += result.offset;
    }
  } finally {
    await fh.close();
  }
  throw unsupported();
}

export async function receiveToTemp(source: Readable, opts: ReceiveOptions): Promise<ReceivedFile> {
  const dir = tmpDir(opts.mediaRoot);
  await mkdir(dir, { recursive: true });
  const tmpPath = join(dir, `${PART_PREFIX}${randomUUID()}.part`);
  const inspector = new Inspector(opts.maxBytes);
  try {
    await pipeline(source, inspector, createWriteStream(tmpPath, { flags: 'wx', mode: 0o640 }));
    const audio = inspector.audio ?? (await sniffFile(tmpPath, inspector.size));
    return { tmpPath, sizeBytes: inspector.size, sha256: inspector.hash.digest('hex'), audio };
  } catch (err) {
    await rm(tmpPath, { force: true });
    // A disk that filled up during the upload: 507 with a message, not a generic 500.
    throw isDiskFull(err) ? diskFull() : err;
  }
}

/**
 * The same inspection for a file already on disk (a finished resumable upload): hashed, sized
 * and sniffed by reading it once, without copying it.
 */
export async function inspectFile(
  path: string,
  maxBytes: number,
): Promise<Omit<ReceivedFile, 'tmpPath'>> {
  const inspector = new Inspector(maxBytes);
  await pipeline(
    createReadStream(path),
    inspector,
    new Writable({ write: (_chunk, _enc, done) => done() }),
  );
  const audio = inspector.audio ?? (await sniffFile(path, inspector.size));
  return { sizeBytes: inspector.size, sha256: inspector.hash.digest('hex'), audio };
}

// A partial upload is named after the process writing it (`<host>~<pid>~<uuid>.part`), so a
// process starting up knows which leftovers no upload can still be writing: its own pid on its
// own host (a restarted container gets pid 1 again) and pids no longer alive on this host.
// Files of other hosts sharing the media root may be in flight there; they wait for the age rule.
const PART_PREFIX = `${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}~${process.pid}~`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether nothing can still be writing `name` (called before this process accepts uploads). */
function orphaned(name: string): boolean {
  const [host, pid] = name.split('~');
  if (host !== PART_PREFIX.split('~')[0] || pid === undefined || !/^\d+$/.test(pid)) return false;
  return Number(pid) === process.pid || !alive(Number(pid));
}

/**
 * Removes partial uploads at start: at once those no upload can still be writing (see
 * `orphaned`), the rest once older than `maxAgeMs` (another replica's upload in progress keeps
 * writing, so its mtime stays fresh). A request's own cleanup cannot run when its process is
 * killed mid-upload, so this is where such leftovers go.
 */
export async function sweepStaleUploads(
  mediaRoot: string,
  now: Date,
  maxAgeMs: number,
): Promise<number> {
  const dir = tmpDir(mediaRoot);
  const names = await readdir(dir).catch(() => []);
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith('.part'))) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info && (orphaned(name) || now.getTime() - info.mtimeMs > maxAgeMs)) {
      await rm(join(dir, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}

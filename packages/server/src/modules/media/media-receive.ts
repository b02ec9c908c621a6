import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { payloadTooLarge, unsupportedMediaType } from '../../errors.js';
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
  const tmpPath = join(dir, `${randomUUID()}.part`);
  const inspector = new Inspector(opts.maxBytes);
  try {
    await pipeline(source, inspector, createWriteStream(tmpPath, { flags: 'wx', mode: 0o640 }));
    const audio = inspector.audio ?? (await sniffFile(tmpPath, inspector.size));
    return { tmpPath, sizeBytes: inspector.size, sha256: inspector.hash.digest('hex'), audio };
  } catch (err) {
    await rm(tmpPath, { force: true });
    throw err;
  }
}

/**
 * Removes `.part` files older than `maxAgeMs`: leftovers of a process killed mid-upload (a
 * request's own cleanup cannot run then). An upload in progress keeps writing, so its mtime
 * stays fresh; this is safe with several replicas sharing one media root.
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
    if (info && now.getTime() - info.mtimeMs > maxAgeMs) {
      await rm(join(dir, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}

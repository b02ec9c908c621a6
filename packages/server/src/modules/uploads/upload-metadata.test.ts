import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import {
  ingestInput,
  parseUploadMetadata,
  requireLength,
  storedMetadata,
} from './upload-metadata.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const STATION = '6f1c2a9e-0b7d-4c55-9a51-3f0e8c1d2b4a';
const ok = `station_id ${b64(STATION)},filename ${b64('Song.mp3')}`;

function refusal(fn: () => unknown): { status: number; code: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof AppError ? { status: e.statusCode, code: e.code } : undefined;
  }
}

describe('Upload-Metadata', () => {
  it('reads the station, the filename and tag fields; ignores filetype', () => {
    const r = parseUploadMetadata(
      `${ok},filetype ${b64('audio/mpeg')},title ${b64('Tïtle')},tags ${b64('a, b')}`,
    );
    expect(r).toEqual({
      filename: 'Song.mp3',
      fields: { station_id: STATION, title: 'Tïtle', tags: ['a', 'b'] },
    });
  });

  it.each([
    ['absent', undefined, 'invalid_upload_metadata'],
    ['not base64 pairs', 'station_id !!!', 'invalid_upload_metadata'],
    ['a key twice', `${ok},filename ${b64('x')}`, 'invalid_upload_metadata'],
    ['NUL in a value', `${ok},title ${b64('a\u0000b')}`, 'invalid_upload_metadata'],
    ['oversize', `${ok},title ${b64('x'.repeat(13_000))}`, 'invalid_upload_metadata'],
    ['a server key', `${ok},owner ${b64('someone')}`, 'invalid_upload_metadata'],
    ['no filename', `station_id ${b64(STATION)}`, 'invalid_upload_metadata'],
    [
      'a long filename',
      `station_id ${b64(STATION)},filename ${b64('x'.repeat(300))}`,
      'invalid_upload_metadata',
    ],
    ['no station', `filename ${b64('a.mp3')}`, 'validation_error'],
    ['an unknown field', `${ok},colour ${b64('red')}`, 'validation_error'],
    ['a bad year', `${ok},year ${b64('soon')}`, 'validation_error'],
  ])('refuses %s with 400', (_name, header, code) => {
    expect(refusal(() => parseUploadMetadata(header))).toEqual({ status: 400, code });
  });

  it('stores the owner and the station, and reads back what the client sent', () => {
    const stored = storedMetadata(`${ok},title ${b64('T')}`, 'user-1', STATION);
    expect(stored).toMatchObject({ owner: 'user-1', station_id: STATION, title: 'T' });
    expect(ingestInput({ ...stored, media_id: 'm' })).toEqual({
      filename: 'Song.mp3',
      fields: { station_id: STATION, title: 'T' },
    });
  });

  it('needs a length within the limit', () => {
    expect(requireLength('100', 100)).toBe(100);
    expect(refusal(() => requireLength(undefined, 100))).toEqual({
      status: 400,
      code: 'bad_request',
    });
    expect(refusal(() => requireLength('-1', 100))).toEqual({ status: 400, code: 'bad_request' });
    expect(refusal(() => requireLength('101', 100))).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
  });
});

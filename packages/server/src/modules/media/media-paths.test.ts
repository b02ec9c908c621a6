import { describe, expect, it } from 'vitest';
import {
  absoluteMediaPath,
  cleanFilename,
  relativeMediaPath,
  relativeSidePath,
  stationDir,
  titleFromFilename,
  tmpDir,
} from './media-paths.js';

const STATION = '6f1c2a7e-1d2b-4c3d-8e9f-0a1b2c3d4e5f';
const MEDIA = '0b7a1c9e-5d4f-4a3b-9c8d-7e6f5a4b3c2d';

describe('media paths', () => {
  it('builds stored paths from ids and sniffed extensions only', () => {
    expect(relativeMediaPath(STATION, MEDIA, 'mp3')).toBe(`${STATION}/${MEDIA}.mp3`);
    expect(relativeSidePath(STATION, MEDIA, 'cover.jpg')).toBe(`${STATION}/${MEDIA}.cover.jpg`);
    expect(absoluteMediaPath('/srv/media', `${STATION}/${MEDIA}.mp3`)).toBe(
      `/srv/media/${STATION}/${MEDIA}.mp3`,
    );
    expect(tmpDir('/srv/media')).toBe('/srv/media/.tmp');
    expect(stationDir('/srv/media', STATION.toUpperCase())).toBe(`/srv/media/${STATION}`);
  });

  it.each([
    ['../etc', MEDIA, 'mp3'],
    [STATION, '../../etc/passwd', 'mp3'],
    [STATION, MEDIA, 'mp3/../../x'],
    [STATION, MEDIA, ''],
  ])('refuses ids or extensions that are not what the server generates: %s %s %s', (s, m, e) => {
    expect(() => relativeMediaPath(s, m, e)).toThrow();
  });

  it.each(['../outside.mp3', '../../etc/passwd', `${STATION}/../../x`, '', '.'])(
    'refuses stored paths escaping the root: %j',
    (p) => {
      expect(() => absoluteMediaPath('/srv/media', p)).toThrow(/outside the media root/);
    },
  );
});

describe('cleanFilename', () => {
  it.each([
    ['song.mp3', 'song.mp3'],
    ['../../etc/passwd.mp3', 'passwd.mp3'],
    ['..\\..\\windows\\system32\\evil.mp3', 'evil.mp3'],
    ['/abs/path/to/track.flac', 'track.flac'],
    ['bad\u0000name\u0007.mp3', 'badname.mp3'],
    ['..', 'upload'],
    ['', 'upload'],
    [undefined, 'upload'],
    ['x'.repeat(400), 'x'.repeat(255)],
  ])('%j → %j', (input, expected) => {
    expect(cleanFilename(input)).toBe(expected);
  });
});

describe('titleFromFilename', () => {
  it.each([
    ['My Song.mp3', 'My Song'],
    ['archive.tar.gz', 'archive.tar'],
    ['noext', 'noext'],
    ['.mp3', '.mp3'],
    ['  spaced  .ogg', 'spaced'],
  ])('%j → %j', (input, expected) => {
    expect(titleFromFilename(input)).toBe(expected);
  });
});

import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Program-like material: tones over pink noise, differing per track, so the MP3 encoder works
// about as hard as it would on music (a pure sine encodes unrealistically cheaply).
export async function makeBenchTracks(
  dir: string,
  count: number,
  seconds: number,
): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `track ${i + 1}.mp3`);
    const buffers = String(Math.round(seconds * 100));
    await run('gst-launch-1.0', [
      '-q',
      ...[
        'audiomixer',
        'name=m',
        '!',
        'audioconvert',
        '!',
        'lamemp3enc',
        'target=bitrate',
        'bitrate=192',
        'cbr=true',
      ],
      ...['!', 'filesink', `location=${file}`],
      ...[
        'audiotestsrc',
        'wave=pink-noise',
        'volume=0.15',
        'samplesperbuffer=441',
        `num-buffers=${buffers}`,
      ],
      ...['!', 'audio/x-raw,rate=44100,channels=2', '!', 'm.'],
      ...[
        'audiotestsrc',
        `freq=${220 * (i + 1)}`,
        'volume=0.3',
        'samplesperbuffer=441',
        `num-buffers=${buffers}`,
      ],
      ...['!', 'audio/x-raw,rate=44100,channels=2', '!', 'm.'],
    ]);
    files.push(file);
  }
  return files;
}

export function writePlaylist(file: string, tracks: string[]): string {
  writeFileSync(file, `${tracks.join('\n')}\n`);
  return file;
}

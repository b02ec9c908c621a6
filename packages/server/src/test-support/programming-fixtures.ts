import { createRng, type Track } from '../modules/programming/index.js';

const GENRES = ['rock', 'pop', 'jazz', 'soul', 'electronic', 'folk', 'hiphop', 'classical'];
const MOODS = ['calm', 'happy', 'dark', 'energetic'];
const LANGS = ['en', 'fr', 'de', 'es'];

/**
 * A synthetic library: `artists` artists with 8 albums of ~12 tracks, durations 2:00–6:00,
 * deterministic from the seed. Plus `jingles` short bumpers (5–25 s) tagged `jingle`.
 */
export function makeLibrary(size: number, seed = 'library', jingles = 12): Track[] {
  const rng = createRng(seed);
  const artists = Math.max(4, Math.floor(size / 96));
  const tracks: Track[] = [];
  for (let i = 0; i < size; i++) {
    const artist = i % artists;
    const album = Math.floor(i / artists) % 8;
    tracks.push({
      id: `t${i}`,
      durationMs: 120_000 + Math.floor(rng.next() * 240_000),
      title: `Song ${i}`,
      artist: `Artist ${artist}`,
      album: `Album ${artist}-${album}`,
      genre: GENRES[artist % GENRES.length] ?? 'rock',
      mood: MOODS[i % MOODS.length] ?? 'calm',
      year: 1960 + (i % 65),
      bpm: 60 + Math.floor(rng.next() * 120),
      tags: i % 10 === 0 ? ['hit'] : [],
      addedAt: Date.UTC(2020, 0, 1) + i * 3_600_000,
      playCount: i % 50,
      explicit: i % 17 === 0,
      language: LANGS[i % LANGS.length] ?? 'en',
      label: `Label ${i % 30}`,
    });
  }
  for (let j = 0; j < jingles; j++) {
    tracks.push({
      id: `j${j}`,
      durationMs: 5_000 + j * 2_000,
      title: `Jingle ${j}`,
      artist: 'Station ID',
      tags: ['jingle'],
    });
  }
  return tracks;
}

/** Minimal track for hand-written tables. */
export function track(id: string, overrides: Partial<Track> = {}): Track {
  return { id, durationMs: 180_000, title: `Title ${id}`, artist: `Artist ${id}`, ...overrides };
}

import type { MediaItem, MediaPatch } from './queries';

/** The editable tags of one item as the form holds them (text boxes hold '' for "none"). */
export interface MediaForm {
  title: string;
  artist: string;
  album: string;
  genre: string;
  year: string;
  mood: string;
  language: string;
  label: string;
  tags: string[];
  explicit: boolean;
  active: boolean;
}

const TEXT = ['artist', 'album', 'genre', 'mood', 'language', 'label'] as const;

export function formOf(m: MediaItem): MediaForm {
  return {
    title: m.title,
    artist: m.artist ?? '',
    album: m.album ?? '',
    genre: m.genre ?? '',
    year: m.year === null ? '' : String(m.year),
    mood: m.mood ?? '',
    language: m.language ?? '',
    label: m.label ?? '',
    tags: m.tags,
    explicit: m.explicit,
    active: m.active,
  };
}

/**
 * Only what changed, so a save never overwrites a field someone else edited meanwhile; an
 * emptied text box clears the tag (null). The form refuses a malformed year before saving
 * (`yearError`): JSON would turn NaN into null and clear the year silently.
 */
export function patchOf(before: MediaItem, f: MediaForm): MediaPatch {
  const patch: MediaPatch = {};
  if (f.title.trim() !== before.title) patch.title = f.title.trim();
  for (const k of TEXT) {
    const v = f[k].trim() === '' ? null : f[k].trim();
    if (v !== before[k]) patch[k] = v;
  }
  const year = f.year.trim() === '' ? null : Number(f.year);
  if (year !== before.year && yearError(f.year) === undefined) patch.year = year;
  if (f.tags.join('\u0000') !== before.tags.join('\u0000')) patch.tags = f.tags;
  if (f.explicit !== before.explicit) patch.explicit = f.explicit;
  if (f.active !== before.active) patch.active = f.active;
  return patch;
}

export function yearError(year: string): string | undefined {
  return year.trim() === '' || /^\d{1,4}$/.test(year.trim()) ? undefined : 'A year like 1999';
}

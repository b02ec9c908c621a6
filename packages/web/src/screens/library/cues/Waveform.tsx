import { Box, useMantineTheme } from '@mantine/core';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/plugins/regions';
import {
  type CuePositions,
  effectivePosition,
  MARKER_LABEL,
  MARKERS,
  type Marker,
  previewGain,
} from './cue-model';

/** What the page can ask of the waveform: preview ranges, and where the playhead is. */
export interface WaveformHandle {
  /** Plays [fromMs, toMs) with the fades applied; loads the audio on first use. */
  playRange(fromMs: number, toMs: number): Promise<void>;
  stop(): void;
  playheadMs(): number;
}

interface Props {
  peaks: number[][];
  durationMs: number;
  positions: CuePositions;
  editable: boolean;
  /** Fetches the original file (with the bearer token) as a blob, once. */
  loadAudio: () => Promise<Blob>;
  onMove: (marker: Marker, ms: number) => void;
  onPlayingChange: (playing: boolean) => void;
}

const SHORT: Record<Marker, string> = {
  cueIn: 'In',
  fadeInEnd: 'Fade in',
  introEnd: 'Intro',
  outroStart: 'Outro',
  fadeOutStart: 'Fade out',
  cueOut: 'Out',
};

const END_SIDE = new Set<Marker>(['outroStart', 'fadeOutStart', 'cueOut']);

/** Unset optional markers are not drawn (set them from their input); the cues always are. */
const drawn = (p: CuePositions, m: Marker) => m === 'cueIn' || m === 'cueOut' || p[m] !== null;

/**
 * The precomputed peaks drawn by wavesurfer with one draggable marker per cue point. The
 * audio is only fetched when a preview is asked for, and never decoded here: wavesurfer gets
 * the server's peaks and duration, the <audio> element streams from a blob.
 */
export const Waveform = forwardRef<WaveformHandle, Props>(function Waveform(props, ref) {
  const theme = useMantineTheme();
  const container = useRef<HTMLDivElement>(null);
  const ws = useRef<WaveSurfer | null>(null);
  const regions = useRef<ReturnType<typeof RegionsPlugin.create> | null>(null);
  const markers = useRef(new Map<Marker, Region>());
  const audioReady = useRef<Promise<void> | null>(null);
  const stopAt = useRef<number | null>(null);
  // Regions added before wavesurfer knows the duration are clamped to 0: wait for it.
  const [ready, setReady] = useState(false);
  // Handlers read the latest props without re-creating wavesurfer.
  const latest = useRef(props);
  latest.current = props;

  const colors: Record<Marker, string> = {
    // Shade 9: white label text keeps a 4.5:1 contrast on each.
    cueIn: theme.colors.teal[9],
    cueOut: theme.colors.red[9],
    fadeInEnd: theme.colors.cyan[9],
    fadeOutStart: theme.colors.pink[9],
    introEnd: theme.colors.grape[9],
    outroStart: theme.colors.indigo[9],
  };
  const colorsRef = useRef(colors);
  colorsRef.current = colors;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const plugin = RegionsPlugin.create();
    const peaks = props.peaks.map((p) => p[1] ?? 0);
    const w = WaveSurfer.create({
      container: el,
      height: 140,
      waveColor: theme.colors.gray[5],
      progressColor: theme.colors.blue[7],
      cursorColor: theme.colors.dark[7],
      peaks: [peaks],
      duration: props.durationMs / 1000,
      normalize: true,
      dragToSeek: true,
      plugins: [plugin],
    });
    ws.current = w;
    regions.current = plugin;
    const unsubs = [
      plugin.on('region-updated', (region) => {
        const m = region.id as Marker;
        if (MARKERS.includes(m)) latest.current.onMove(m, Math.round(region.start * 1000));
      }),
      w.on('timeupdate', (t) => {
        const p = latest.current;
        w.setVolume(previewGain(p.positions, t * 1000, p.durationMs));
        if (stopAt.current !== null && t * 1000 >= stopAt.current) {
          stopAt.current = null;
          w.pause();
        }
      }),
      w.on('ready', () => setReady(true)),
      w.on('play', () => latest.current.onPlayingChange(true)),
      w.on('pause', () => latest.current.onPlayingChange(false)),
    ];
    const map = markers.current;
    return () => {
      unsubs.forEach((u) => u());
      map.clear();
      setReady(false);
      audioReady.current = null;
      w.destroy();
      ws.current = null;
      regions.current = null;
    };
    // The peaks and duration are one item's; the page remounts this for another item.
  }, [props.peaks, props.durationMs]);

  // Markers follow the positions (typed in an input, reset, saved): add, move or remove.
  useEffect(() => {
    const plugin = regions.current;
    if (!plugin || !ready) return;
    const map = markers.current;
    // Cue markers last, so they sit on top when another marker shares their position.
    for (const m of [...MARKERS].reverse()) {
      const existing = map.get(m);
      if (!drawn(props.positions, m)) {
        existing?.remove();
        map.delete(m);
        continue;
      }
      // The regions plugin draws nothing at the very end of the file: a cue-out there (the
      // usual case) sits one pixel inside it.
      const end =
        (props.durationMs / 1000) * (1 - 1 / Math.max(100, container.current?.clientWidth ?? 0));
      const at = Math.min(end, effectivePosition(props.positions, m, props.durationMs) / 1000);
      if (existing) {
        if (Math.abs(existing.start - at) > 0.0005) existing.setOptions({ start: at });
        existing.setOptions({ drag: props.editable });
        continue;
      }
      const label = document.createElement('div');
      label.textContent = SHORT[m];
      Object.assign(label.style, {
        // Shrink to the text: the marker element is zero wide, a block label would be too.
        display: 'inline-block',
        padding: '1px 4px',
        whiteSpace: 'nowrap',
        fontSize: '12px',
        color: '#fff',
        background: colorsRef.current[m],
        borderRadius: '2px',
        cursor: props.editable ? 'grab' : 'default',
        // Points that close the item carry their label on the left of the line, so the
        // cue-out's label stays inside the waveform at its very end.
        transform: END_SIDE.has(m) ? 'translateX(calc(-100% - 2px))' : 'none',
      });
      const region = plugin.addRegion({
        id: m,
        start: at,
        content: label,
        color: colorsRef.current[m],
        drag: props.editable,
        resize: false,
      });
      region.element?.setAttribute('title', MARKER_LABEL[m]);
      region.element?.setAttribute('data-marker', m);
      map.set(m, region);
    }
  }, [props.positions, props.durationMs, props.editable, ready]);

  useImperativeHandle(
    ref,
    () => ({
      async playRange(fromMs, toMs) {
        const w = ws.current;
        if (!w) return;
        audioReady.current ??= latest.current
          .loadAudio()
          .then((blob) =>
            w.loadBlob(blob, [props.peaks.map((p) => p[1] ?? 0)], props.durationMs / 1000),
          )
          .catch((e: unknown) => {
            audioReady.current = null;
            throw e;
          });
        await audioReady.current;
        const from = Math.max(0, fromMs);
        stopAt.current = Math.min(toMs, props.durationMs);
        w.setVolume(previewGain(latest.current.positions, from, props.durationMs));
        await w.play(from / 1000);
      },
      stop() {
        stopAt.current = null;
        ws.current?.pause();
      },
      playheadMs() {
        return Math.round((ws.current?.getCurrentTime() ?? 0) * 1000);
      },
    }),
    [props.peaks, props.durationMs],
  );

  return (
    <Box
      ref={container}
      data-testid="waveform"
      role="group"
      aria-label="Waveform with cue markers; use the time fields below to move them with the keyboard"
      style={{
        border: `1px solid ${theme.colors.gray[3]}`,
        borderRadius: theme.radius.sm,
        background: theme.white,
        touchAction: 'pan-y',
      }}
    />
  );
});

import { Button, Group, Slider, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

type PlayState = 'stopped' | 'connecting' | 'playing' | 'error';

/**
 * Plays the station's default mount. Stopping drops the connection (a paused live stream
 * would resume minutes late from the browser's buffer); Play always joins the air as it is now.
 */
export function Player({ url, stationName }: { url: string | null; stationName: string }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [state, setState] = useState<PlayState>('stopped');
  const [volume, setVolume] = useState(80);
  useEffect(() => {
    if (audio.current) audio.current.volume = volume / 100;
  }, [volume]);

  const play = () => {
    const a = audio.current;
    if (!a || !url) return;
    setState('connecting');
    a.src = url;
    a.play().then(
      () => setState('playing'),
      () => setState('error'),
    );
  };
  const stop = () => {
    const a = audio.current;
    if (!a) return;
    a.pause();
    a.removeAttribute('src');
    a.load();
    setState('stopped');
  };
  const playing = state === 'playing' || state === 'connecting';
  return (
    <div>
      <Group gap="md" wrap="nowrap">
        <Button
          size="lg"
          onClick={playing ? stop : play}
          disabled={!url}
          loading={state === 'connecting'}
          aria-label={playing ? `Stop ${stationName}` : `Play ${stationName}`}
          miw={120}
        >
          {playing ? 'Stop' : 'Play'}
        </Button>
        <Slider
          value={volume}
          onChange={setVolume}
          label={(v) => `${v} %`}
          thumbLabel="Volume"
          style={{ flex: 1 }}
        />
      </Group>
      {state === 'error' && (
        <Text c="red.9" size="sm" mt="xs" role="alert">
          The stream could not be played. Try again, or open a stream link below in your player.
        </Text>
      )}
      {!url && (
        <Text c="dimmed" size="sm" mt="xs">
          This station has no stream yet.
        </Text>
      )}
      <audio
        ref={audio}
        preload="none"
        onPlaying={() => setState('playing')}
        onError={() => state !== 'stopped' && setState('error')}
        data-testid="player-audio"
      />
    </div>
  );
}

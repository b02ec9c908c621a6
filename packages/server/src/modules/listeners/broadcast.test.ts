import { formatFor } from '@grimnir/codec';
import { mp3Frame, readHeader } from '@grimnir/codec/testing';
import { describe, expect, it } from 'vitest';
import { MountBroadcast, type ListenerSocket, type StreamFormat } from './broadcast.js';

class FakeSocket implements ListenerSocket {
  written: Buffer[] = [];
  writableLength = 0;
  destroyed = false;
  write(chunk: Uint8Array): boolean {
    this.written.push(Buffer.from(chunk));
    return true;
  }
  cork(): void {}
  uncork(): void {}
  destroy(): void {
    this.destroyed = true;
  }
  get bytes(): Buffer {
    return Buffer.concat(this.written);
  }
}

const format: StreamFormat = {
  contentType: 'audio/mpeg',
  bitrateKbps: 128,
  name: 'T',
  description: '',
  genre: '',
  url: '',
  public: true,
  sampleRate: 44100,
  channels: 2,
};
const frames = (n: number, from = 0) =>
  Buffer.concat(Array.from({ length: n }, (_, i) => mp3Frame(from + i)));

function hub(extra: Partial<ConstructorParameters<typeof MountBroadcast>[0]> = {}) {
  const events: string[] = [];
  const h = new MountBroadcast({
    mount: 'm',
    format,
    burstBytes: 2000,
    coalesceBytes: 1,
    onListenersChanged: (count, e) => events.push(`${e}:${count}`),
    ...extra,
  });
  return { h, events };
}

describe('MountBroadcast', () => {
  it('gives a late listener a frame-aligned burst, then the live bytes, byte-exact', () => {
    const { h } = hub();
    h.publish(frames(20));
    const s = new FakeSocket();
    h.attach(s, { icy: false });
    const burst = s.bytes;
    expect(readHeader(formatFor('mp3'), burst.subarray(0, 4))).toMatchObject({ length: 417 });
    expect(burst.length).toBeLessThanOrEqual(2000);
    expect(burst.length).toBeGreaterThan(2000 - 417);
    const live = frames(3, 100);
    h.publish(live);
    expect(s.bytes).toEqual(Buffer.concat([burst, live]));
  });

  it('holds a listener that arrives before any frame until the first boundary', () => {
    const { h } = hub();
    const s = new FakeSocket();
    h.attach(s, { icy: false });
    h.publish(Buffer.from([1, 2, 3])); // tail of a frame: not a start
    expect(s.bytes.length).toBe(0);
    const f = frames(3);
    h.publish(f);
    expect(s.bytes).toEqual(f);
  });

  it('drops a listener whose backlog exceeds the bound and keeps the others', () => {
    const { h, events } = hub({ maxBacklogBytes: 1000 });
    const slow = new FakeSocket();
    const fast = new FakeSocket();
    h.publish(frames(5));
    h.attach(slow, { icy: false });
    h.attach(fast, { icy: false });
    slow.writableLength = 5000;
    h.publish(frames(2, 50));
    expect(slow.destroyed).toBe(true);
    expect(fast.destroyed).toBe(false);
    expect(h.listenerCount).toBe(1);
    expect(events).toEqual(['connect:1', 'connect:2', 'slow:1']);
    h.publish(frames(1, 60));
    expect(fast.bytes.subarray(-417)).toEqual(frames(1, 60));
  });

  it('coalesces small publishes into one write per listener', () => {
    const { h } = hub({ coalesceBytes: 1000, coalesceMs: 10_000 });
    const s = new FakeSocket();
    h.publish(frames(3));
    h.attach(s, { icy: false });
    const before = s.written.length;
    h.publish(frames(1, 10));
    h.publish(frames(1, 11));
    expect(s.written.length).toBe(before);
    h.publish(frames(1, 12));
    expect(s.written.length).toBe(before + 1);
    h.close();
  });

  it('interleaves ICY metadata only for listeners that asked for it', () => {
    const { h } = hub({ metaint: 1000, burstBytes: 10_000 });
    h.setTitle('Artist - Song');
    h.publish(frames(1));
    const icy = new FakeSocket();
    const plain = new FakeSocket();
    h.attach(icy, { icy: true });
    h.attach(plain, { icy: false });
    h.publish(frames(5, 1));
    expect(plain.bytes.length).toBe(417 * 6);
    const wire = icy.bytes;
    expect(wire[1000]).toBe(2);
    expect(
      wire
        .subarray(1001, 1001 + 32)
        .toString()
        .replace(/\0+$/, ''),
    ).toBe("StreamTitle='Artist - Song';");
    expect(wire[1000 + 33 + 1000]).toBe(0);
  });

  it('disconnects everyone when the codec changes and restarts the burst', () => {
    const { h, events } = hub();
    h.publish(frames(5));
    const s = new FakeSocket();
    h.attach(s, { icy: false });
    h.setFormat({ name: 'renamed' });
    expect(s.destroyed).toBe(false);
    h.setFormat({ contentType: 'audio/ogg' });
    expect(s.destroyed).toBe(true);
    expect(h.hasData).toBe(false);
    expect(events.at(-1)).toBe('format_changed:0');
  });
});

import type { EventPayload } from '@grimnir/contracts';

export type MediaChange = EventPayload<'media'>['action'];

/**
 * Tells consoles that library items changed (the `media` event), after the change committed.
 * The composition root turns it into an event on the bus, which reaches every replica.
 */
export type AnnounceMedia = (stationId: string, action: MediaChange, mediaIds: string[]) => void;

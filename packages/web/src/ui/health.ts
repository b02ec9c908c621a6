/** One word for a station's state at a glance, and the colour that goes with it. */
interface Health {
  label: string;
  color: string;
  detail: string;
}

export function stationHealth(o: {
  active: boolean;
  state: string | undefined;
  hasCurrent: boolean;
  recentDeadAir: boolean;
  error: boolean;
}): Health {
  if (o.error) return { label: 'Unknown', color: 'gray.7', detail: 'The status could not be read' };
  if (!o.active)
    return { label: 'Inactive', color: 'gray.7', detail: 'The station is switched off' };
  if (o.recentDeadAir)
    return { label: 'Dead air', color: 'red.9', detail: 'Silence was detected on air' };
  if (o.state === undefined) return { label: 'Loading', color: 'gray.7', detail: '' };
  if (o.state === 'idle' || !o.hasCurrent)
    return { label: 'Silent', color: 'yellow.4', detail: 'Nothing is playing' };
  return { label: 'On air', color: 'teal.9', detail: `Playout is ${o.state}` };
}

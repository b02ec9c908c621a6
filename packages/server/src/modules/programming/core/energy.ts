import { trackEnergy, type Track } from './track.js';

interface EnergyPoint {
  at: number;
  energy: number;
}

/** Target energy at `position` (0..1 through the block), linear between curve points. */
export function energyTarget(curve: readonly EnergyPoint[], position: number): number | undefined {
  if (curve.length === 0) return undefined;
  const points = [...curve].sort((a, b) => a.at - b.at);
  const first = points[0] as EnergyPoint;
  const last = points[points.length - 1] as EnergyPoint;
  if (position <= first.at) return first.energy;
  if (position >= last.at) return last.energy;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as EnergyPoint;
    const b = points[i] as EnergyPoint;
    if (position <= b.at) {
      const span = b.at - a.at;
      return span === 0 ? b.energy : a.energy + ((position - a.at) / span) * (b.energy - a.energy);
    }
  }
  return last.energy;
}

// A Gaussian preference rather than a hard band: the curve steers, it never empties the pool.
// The floor keeps far-off tracks possible so a thin library still fills the block.
export function energyFactor(track: Track, target: number | undefined): number {
  if (target === undefined) return 1;
  const d = (trackEnergy(track) - target) / 0.2;
  return Math.max(0.02, Math.exp(-d * d));
}

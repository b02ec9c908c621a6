import { linearToDb } from './format.js';

interface Levels {
  rmsDb: number;
  peakDb: number;
}

// Meter over one frame; levels are reported in dBFS with -120 standing for digital silence.
export function measureFrame(frame: Float32Array): Levels {
  let sum = 0;
  let peak = 0;
  for (let i = 0; i < frame.length; i++) {
    const v = frame[i] ?? 0;
    sum += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  const rms = frame.length > 0 ? Math.sqrt(sum / frame.length) : 0;
  return { rmsDb: floorDb(linearToDb(rms)), peakDb: floorDb(linearToDb(peak)) };
}

function floorDb(db: number): number {
  return Math.max(-120, db);
}

// Aggregates frames between telemetry reports: mean power and max peak.
interface MeterAccumulator {
  sumPower: number;
  peakDb: number;
  frames: number;
}

export function createMeterAccumulator(): MeterAccumulator {
  return { sumPower: 0, peakDb: -120, frames: 0 };
}

export function accumulate(acc: MeterAccumulator, levels: Levels): void {
  acc.sumPower += Math.pow(10, levels.rmsDb / 10);
  acc.peakDb = Math.max(acc.peakDb, levels.peakDb);
  acc.frames += 1;
}

export function drain(acc: MeterAccumulator): Levels {
  const rmsDb = acc.frames > 0 ? floorDb(10 * Math.log10(acc.sumPower / acc.frames)) : -120;
  const out = { rmsDb, peakDb: acc.peakDb };
  acc.sumPower = 0;
  acc.peakDb = -120;
  acc.frames = 0;
  return out;
}

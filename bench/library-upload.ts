import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTone } from '@grimnir/test-kit/fixtures.js';

/** Multipart upload throughput: sequential uploads of distinct generated files. */
export async function uploadFigures(
  base: string,
  auth: Record<string, string>,
  stationId: string,
  work: string,
): Promise<void> {
  const files: Buffer[] = [];
  for (let i = 0; i < 5; i++)
    files.push(
      await readFile(
        await makeTone(join(work, `bench-${i}.wav`), {
          freq: 300 + i * 50,
          seconds: 60,
          format: 'wav',
        }),
      ),
    );
  const bytes = files.reduce((n, f) => n + f.length, 0);
  const t0 = performance.now();
  for (const [i, data] of files.entries()) {
    const form = new FormData();
    form.set('station_id', stationId);
    form.set('file', new Blob([data], { type: 'audio/wav' }), `bench-${i}.wav`);
    const res = await fetch(`${base}/api/v1/media`, { method: 'POST', headers: auth, body: form });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  }
  const s = (performance.now() - t0) / 1000;
  console.log(
    `  upload multipart: ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB in ${s.toFixed(2)} s = ${(bytes / 1e6 / s).toFixed(0)} MB/s`,
  );
}

import { randomBytes } from 'node:crypto';

/** Builds a multipart/form-data body for `app.inject` (fields first, then the file part). */
export function multipartBody(
  fields: Readonly<Record<string, string>>,
  file?: {
    readonly name: string;
    readonly data: Buffer;
    readonly field?: string;
    readonly type?: string;
  },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----grimnir${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

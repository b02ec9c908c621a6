import { randomBytes } from 'node:crypto';

export interface MultipartFilePart {
  readonly name: string;
  readonly data: Buffer;
  readonly field?: string;
  readonly type?: string;
}

/**
 * Builds a multipart/form-data body for `app.inject`. Fields come before the file, as browsers
 * send a form in order; `fieldsAfterFile` puts them last to exercise the other order.
 */
export function multipartBody(
  fields: Readonly<Record<string, string>>,
  file?: MultipartFilePart,
  opts: { fieldsAfterFile?: boolean } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----grimnir${randomBytes(8).toString('hex')}`;
  const fieldParts = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  const fileParts = file
    ? [
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
            `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        file.data,
        Buffer.from('\r\n'),
      ]
    : [];
  const parts = opts.fieldsAfterFile
    ? [...fileParts, ...fieldParts]
    : [...fieldParts, ...fileParts];
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

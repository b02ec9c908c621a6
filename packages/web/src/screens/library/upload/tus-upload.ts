import type { DetailedError, HttpResponse, Upload } from 'tus-js-client';
import { api, unwrap, ApiError } from '../../../api/client';
import { session } from '../../../session/session';
import { retryable, type Failure } from './upload-state';

/**
 * One file through the tus protocol to /api/v1/uploads. tus-js-client is imported on first
 * use, so the console's first load does not carry it. It remembers each upload's URL (keyed
 * by station and file) so a reload or a dropped connection resumes where the server stopped,
 * and retries on its own with the delays below before giving up.
 */

interface UploadEvents {
  progress(sent: number, total: number): void;
  /** The request failed in a way a retry can fix; tus is about to try again. */
  reconnecting(sent: number, total: number): void;
  stored(mediaId: string): void;
  failed(failure: Failure): void;
}

export interface RunningUpload {
  /** Stops sending; `discard` also deletes what the server has (Cancel). */
  abort(discard: boolean): Promise<void>;
}

// About two minutes of trying before a file is marked failed (the Retry button starts over).
const RETRY_DELAYS = [0, 1000, 2000, 4000, 8000, 15_000, 30_000, 60_000];
const ENDPOINT = '/api/v1/uploads';

function failureOf(err: Error | DetailedError): Failure {
  const res = 'originalResponse' in err ? err.originalResponse : null;
  if (res) {
    try {
      const body = JSON.parse(res.getBody()) as {
        error?: string;
        message?: string;
        request_id?: string;
      };
      if (body.message)
        return {
          message: body.message,
          code: body.error,
          requestId: body.request_id,
          status: res.getStatus(),
        };
    } catch {
      // Not our JSON (a proxy's page): the status and request id still help.
    }
    return {
      message: `the server answered ${res.getStatus()}`,
      requestId: res.getHeader('x-request-id'),
      status: res.getStatus(),
    };
  }
  return { message: `the upload could not reach the server (${err.message})` };
}

/** The media id from the final answer, or (a resumed, already complete upload) by asking. */
async function mediaIdOf(upload: Upload, last: HttpResponse): Promise<string> {
  const header = last.getHeader('x-media-id');
  if (header) return header;
  const id = upload.url?.split('/').pop() ?? '';
  const media = await unwrap(api.GET('/api/v1/uploads/{id}/media', { params: { path: { id } } }));
  return media.id;
}

export async function startUpload(
  file: File,
  stationId: string,
  on: UploadEvents,
): Promise<RunningUpload> {
  const tus = await import('tus-js-client');
  let renewing: Promise<boolean> | undefined;
  let sent = 0;
  const upload: Upload = new tus.Upload(file, {
    endpoint: ENDPOINT,
    metadata: { station_id: stationId, filename: file.name },
    retryDelays: RETRY_DELAYS,
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    // The station is part of the key: the same file dropped on another station is a new upload.
    fingerprint: (f: File) =>
      Promise.resolve(['grimnir-tus', stationId, f.name, f.size, f.lastModified].join(':')),
    async onBeforeRequest(req) {
      if (renewing) await renewing;
      const token = session.token();
      if (token !== undefined) req.setHeader('Authorization', `Bearer ${token}`);
    },
    onShouldRetry(err, attempt) {
      const status = err.originalResponse?.getStatus();
      // An access token that expired mid-upload: renew once per attempt and go on.
      if (status === 401 && attempt < 2) {
        renewing = session.renew().finally(() => (renewing = undefined));
        return true;
      }
      if (!retryable(status)) return false;
      on.reconnecting(sent, file.size);
      return true;
    },
    onProgress(bytes, total) {
      sent = bytes;
      on.progress(bytes, total);
    },
    onSuccess({ lastResponse }) {
      mediaIdOf(upload, lastResponse).then(
        (id) => on.stored(id),
        (e: unknown) =>
          on.failed(
            e instanceof ApiError
              ? { message: e.message, code: e.code, requestId: e.requestId, status: e.status }
              : { message: String(e) },
          ),
      );
    },
    onError: (err) => on.failed(failureOf(err)),
  });
  const previous = await upload.findPreviousUploads();
  if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
  upload.start();
  return { abort: (discard) => upload.abort(discard) };
}

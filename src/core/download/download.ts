/**
 * Downloads one artifact to `<dest>.part`, resuming with Range after a cut or stall, and links
 * it into place only when it is complete and verified (length against Content-Length/Content-Range
 * and the provider's announced size; sha256 and MP4 structure from the streamed bytes). Never
 * sends credentials (storage host), never overwrites an existing file, memory flat whatever the size.
 */
import { existsSync, statSync } from 'node:fs';
import { open, stat, statfs, truncate, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DownloadError, RunwayError } from '../errors.js';
import type { HttpClient, StreamResponse } from '../http/client.js';
import type { Clock } from '../clock.js';
import { backoffDelayMs } from '../http/retry.js';
import { displayUrl } from '../http/http-errors.js';
import { formatBytes } from '../format-bytes.js';
import { Fingerprint, writeBody } from './write-body.js';
import { partPath, publish } from './publish.js';
import { checkContainer, withExtension } from './container.js';
import { makeDirs } from '../files/make-dirs.js';
import { fsReason } from '../files/fs-reason.js';

export interface DownloadTarget {
  url: string;
  /** Final path; bytes go to `${dest}.part` until complete. */
  dest: string;
  expectedBytes?: number | undefined;
}

export interface DownloadProgress {
  bytes: number;
  total?: number | undefined;
  resumedFrom: number;
}

export interface DownloadOptions {
  http: HttpClient;
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Once, when the first answer arrives: the size (if known) and where the transfer starts. */
  onStart?: (progress: DownloadProgress) => void;
  onProgress?: (progress: DownloadProgress) => void;
  /** Fresh URL for the same output after a 403/404/410 (an expired or moved presigned link). */
  refreshUrl?: () => Promise<string>;
  onNotice?: (message: string) => void;
  /** Consecutive attempts without new bytes before giving up. */
  maxStalledAttempts?: number;
  /** Skip the MP4 structure check (for non-video artifacts). */
  skipMp4Check?: boolean;
  /**
   * The output may be of any type (images, ProRes, HDR, frame sequences): its type is told by its
   * bytes, checked to be whole, and the file saved with that type's extension.
   */
  anyType?: boolean;
}

export interface DownloadResult {
  file: string;
  bytes: number;
  sha256: string;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

export function parseContentRange(
  value: unknown,
): { start: number; end: number; total?: number } | { unsatisfiedTotal: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const unsatisfied = /^bytes \*\/(\d+)$/.exec(value.trim());
  if (unsatisfied) return { unsatisfiedTotal: Number(unsatisfied[1]) };
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim());
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), ...(m[3] === '*' ? {} : { total: Number(m[3]) }) };
}

function header(res: StreamResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A file-system refusal (read-only mount, permissions, a vanished disk): retrying will not help, moving elsewhere will. */
export function cannotSave(dest: string, error: unknown): DownloadError {
  return new DownloadError(`Cannot save ${dest}: ${fsReason(error) ?? (error as Error).message}.`, {
    cause: error,
    hint: 'Fix that and run `runway watch --pending`, or save somewhere else: `runway watch --pending --out <dir>`.',
  });
}

export async function downloadArtifact(target: DownloadTarget, options: DownloadOptions): Promise<DownloadResult> {
  const { http, clock, signal } = options;
  const part = partPath(target.dest);
  await saving(async () => makeDirs(dirname(target.dest)));
  let url = target.url;
  let refreshes = 0;
  let stalled = 0;
  let started = false;
  const maxStalled = options.maxStalledAttempts ?? 6;

  const fail = (message: string, cause?: unknown) => {
    const kept = existsSync(part) && statSync(part).size > 0;
    return new DownloadError(message, {
      cause,
      hint: kept
        ? `The partial file is kept at ${part}; \`runway watch --pending\` resumes it.`
        : 'Run `runway watch --pending` to try the download again.',
    });
  };

  for (;;) {
    const offset = await sizeOf(part);
    let res: StreamResponse;
    try {
      res = await http.stream({
        method: 'GET',
        url,
        kind: 'idempotent',
        headers: { accept: '*/*', ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
        signal,
        acceptStatus: (s) => s === 403 || s === 404 || s === 410 || s === 416,
        purpose: 'download',
        maxRetries: 4,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // The HTTP client has already retried statuses and connection errors; this loop only
      // handles what happens mid-body (cuts, stalls) and resumes that do not line up.
      throw fail(`Download failed: ${(error as Error).message}`, error);
    }

    if (res.status === 403 || res.status === 404 || res.status === 410) {
      res.body.discard();
      if (!options.refreshUrl || refreshes >= 3) {
        throw new DownloadError(
          `The storage host ${res.status === 404 ? 'does not have the file' : 'refused the download'} (HTTP ` +
            `${res.status}), also with ${refreshes} fresh link(s) from the task.`,
          {
            hint:
              'Providers keep outputs only for a while: `runway status <task id>` shows what it still lists. If the ' +
              'link works again later, `runway watch --pending` resumes.',
          },
        );
      }
      refreshes++;
      options.onNotice?.(
        `The download link ${res.status === 404 ? 'points at nothing' : 'expired'} (HTTP ${res.status}); fetching a fresh ` +
          `one from the task.`,
      );
      url = await options.refreshUrl();
      continue;
    }

    const range = parseContentRange(header(res, 'content-range'));
    if (res.status === 416) {
      res.body.discard();
      if (range && 'unsatisfiedTotal' in range && range.unsatisfiedTotal === offset && offset > 0) {
        return finish(offset, undefined);
      }
      await truncate(part, 0);
      continue;
    }

    let start = 0;
    let total: number | undefined;
    if (res.status === 206) {
      if (!range || 'unsatisfiedTotal' in range || range.start !== offset) {
        // The server resumed from somewhere else: the part cannot be trusted to line up. Restart.
        res.body.discard();
        options.onNotice?.('The storage host did not resume where asked; restarting the download from the beginning.');
        await truncate(part, 0);
        continue;
      }
      start = offset;
      total = range.total;
    } else {
      const length = Number(header(res, 'content-length'));
      total = Number.isFinite(length) && header(res, 'content-length') !== undefined ? length : undefined;
    }
    if (target.expectedBytes !== undefined && total !== undefined && total !== target.expectedBytes) {
      res.body.discard();
      throw fail(
        `The storage host announces ${total} bytes but the provider said the file has ${target.expectedBytes}; not saving ` +
          `a file that does not match.`,
      );
    }

    if (total !== undefined) {
      const refusal = await roomProblem(total - start);
      if (refusal) {
        res.body.discard();
        throw refusal;
      }
    }
    const fingerprint = new Fingerprint();
    if (start > 0) await fingerprint.updateFromFile(part);
    const transferStarted = performance.now();
    let bytes = start;
    if (!started) options.onStart?.({ bytes, total, resumedFrom: start });
    started = true;
    options.onProgress?.({ bytes, total, resumedFrom: start });
    const file = await saving(() => open(part, start > 0 ? 'r+' : 'w', 0o644)).catch((error: unknown) => {
      res.body.discard();
      throw error;
    });
    try {
      await writeBody(res.body, file.fd, start, fingerprint, (n) => {
        bytes += n;
        options.onProgress?.({ bytes, total, resumedFrom: start });
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof RunwayError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw noSpace(await sizeOf(part), total, error);
      if (fsReason(error)) throw cannotSave(target.dest, error);
      stalled = bytes > offset ? 1 : stalled + 1;
      if (stalled > maxStalled) throw fail(`Downloading ${displayUrl(url)} keeps failing: ${(error as Error).message}`, error);
      options.onNotice?.(`The download was interrupted at ${formatBytes(bytes)} (${(error as Error).message}); resuming.`);
      await clock.sleep(backoffDelayMs(Math.max(0, stalled - 1)), signal);
      continue;
    } finally {
      await file.close();
    }

    http.trace(() => {
      const ms = performance.now() - transferStarted;
      return `download body: ${bytes - start} bytes in ${Math.round(ms)} ms (${Math.round((bytes - start) / 1048576 / (ms / 1000))} MB/s)`;
    });
    if (total !== undefined && bytes !== total) {
      stalled = bytes > offset ? 1 : stalled + 1;
      if (bytes > total) await truncate(part, 0);
      if (stalled > maxStalled) throw fail(`The download of ${displayUrl(url)} ended at ${bytes} of ${total} bytes.`);
      continue;
    }
    return finish(bytes, fingerprint);
  }

  async function saving<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw fsReason(error) ? cannotSave(target.dest, error) : error;
    }
  }

  function noSpace(bytes: number, total: number | undefined, cause?: unknown): DownloadError {
    return new DownloadError(
      `The disk holding ${dirname(part)} is full: ${formatBytes(bytes)}${total === undefined ? '' : ` of ${formatBytes(total)}`} saved.`,
      {
        cause,
        hint: `Free space there, then run \`runway watch --pending\`: it resumes from ${part}.`,
      },
    );
  }

  /** Refuses to start a transfer the disk clearly cannot hold (statfs is advisory: quotas and odd filesystems may say otherwise). */
  async function roomProblem(needed: number): Promise<DownloadError | undefined> {
    let free: number;
    try {
      const fs = await statfs(dirname(part));
      free = fs.bavail * fs.bsize;
    } catch {
      return undefined;
    }
    if (free <= 0 || free >= needed) return undefined;
    const saved = await sizeOf(part);
    return new DownloadError(
      `Not enough space for ${target.dest}: it needs ${formatBytes(needed)} more and ${dirname(part)} has ${formatBytes(free)} free.`,
      {
        hint: `Free space there, then run \`runway watch --pending\`${saved > 0 ? ` (it resumes from ${part})` : ''}.`,
      },
    );
  }

  async function finish(bytes: number, streamed: Fingerprint | undefined): Promise<DownloadResult> {
    if (target.expectedBytes !== undefined && bytes !== target.expectedBytes) {
      await truncate(part, 0);
      throw fail(`The downloaded file has ${bytes} bytes but the provider said ${target.expectedBytes}; it was not saved.`);
    }
    // A part found already complete was not streamed through us this time: read it once.
    const fingerprint = streamed ?? new Fingerprint();
    if (!streamed) await fingerprint.updateFromFile(part);
    let dest = target.dest;
    if (options.anyType) {
      const check = checkContainer(fingerprint.head, fingerprint.tail, fingerprint.size, () => fingerprint.mp4());
      if (!check.ok) {
        await unlink(part).catch(() => undefined);
        throw new DownloadError(`The downloaded file is not usable (${check.reason}); it was not saved.`, {
          hint: 'Run `runway watch --pending` to download it again; if it keeps failing the provider is serving a broken file.',
        });
      }
      dest = withExtension(target.dest, check.extension);
    } else if (!options.skipMp4Check) {
      const check = fingerprint.mp4();
      if (!check.ok) {
        await unlink(part).catch(() => undefined);
        throw new DownloadError(`The downloaded file is not a complete MP4 (${check.reason}); it was not saved.`, {
          hint: 'Run `runway watch --pending` to download it again; if it keeps failing the provider is serving a broken file.',
        });
      }
    }
    const digest = fingerprint.sha256();
    const file = await saving(() => publish(part, dest));
    return { file, bytes, sha256: digest };
  }
}

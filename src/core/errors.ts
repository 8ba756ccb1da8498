/**
 * The one error hierarchy. Every failure the CLI reports is one of these classes, and the
 * class alone decides the exit code (see `exitCodeOf`; a stray file-system error counts as 8). Messages say what happened; `hint`
 * says what to do next. Neither may contain an API key (the renderer redacts as a backstop).
 */

import { fsReason } from './files/fs-reason.js';

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  auth: 3,
  api: 4,
  generationFailed: 5,
  moderation: 6,
  waitTimeout: 7,
  download: 8,
  /** --max-credits stopped it: a task the API estimated above what was left was cancelled before it ran, or not sent. */
  budget: 9,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorDetails {
  hint?: string;
  cause?: unknown;
  taskId?: string;
}

export class RunwayError extends Error {
  readonly exitCode: ExitCodeValue = ExitCode.internal;
  readonly hint: string | undefined;
  readonly taskId: string | undefined;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.hint = details.hint;
    this.taskId = details.taskId;
  }
}

/**
 * --max-credits reached while running: the job was not sent, or its task (estimated by the API
 * above what was left) was cancelled before it ran. Nothing is charged for it; a run with a
 * higher budget picks it up.
 */
export class BudgetError extends RunwayError {
  override readonly exitCode = ExitCode.budget;
}

/** Bad flags, bad values, unreadable files: found before any network call. */
export class UsageError extends RunwayError {
  override readonly exitCode = ExitCode.usage;
}

/** No API key, or the provider rejected it. */
export class AuthError extends RunwayError {
  override readonly exitCode = ExitCode.auth;
}

export interface ApiErrorInfo extends ErrorDetails {
  status: number;
  method: string;
  url: string;
  body?: string | undefined;
  /** The answer was well-formed enough to say "refused": nothing was created. */
  refused?: boolean | undefined;
  /** A 2xx answer we could not read: the request was accepted, in some sense. */
  unreadable?: boolean | undefined;
}

/** The provider answered with an error status (after retries, where retrying was allowed). */
export class ApiError extends RunwayError {
  override readonly exitCode = ExitCode.api;
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly body: string | undefined;
  readonly refused: boolean;
  readonly unreadable: boolean;

  constructor(message: string, info: ApiErrorInfo) {
    super(message, info);
    this.status = info.status;
    this.method = info.method;
    this.url = info.url;
    this.body = info.body;
    this.refused = info.refused ?? false;
    this.unreadable = info.unreadable ?? false;
  }
}

export interface NetworkErrorInfo extends ErrorDetails {
  method: string;
  url: string;
  /** undici / libuv error code, e.g. ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT. */
  code: string | undefined;
  /** True when the request certainly never reached the server (safe to resend a create). */
  neverSent: boolean;
}

/** No usable response: connection refused or reset, DNS failure, timeout. */
export class NetworkError extends RunwayError {
  override readonly exitCode = ExitCode.api;
  readonly method: string;
  readonly url: string;
  readonly code: string | undefined;
  readonly neverSent: boolean;

  constructor(message: string, info: NetworkErrorInfo) {
    super(message, info);
    this.method = info.method;
    this.url = info.url;
    this.code = info.code;
    this.neverSent = info.neverSent;
  }
}

/** A create request may have reached the server, so a paid task may exist. Never re-sent. */
export class AmbiguousCreateError extends RunwayError {
  override readonly exitCode = ExitCode.api;
}

export interface GenerationFailureInfo extends ErrorDetails {
  taskId: string;
  failureCode?: string | undefined;
  /** The task's own end state; a field, so nobody reads it back out of the message. */
  taskState?: 'failed' | 'cancelled' | undefined;
}

/** The task ran and failed, or was cancelled. */
export class GenerationFailedError extends RunwayError {
  override readonly exitCode: ExitCodeValue = ExitCode.generationFailed;
  readonly failureCode: string | undefined;
  readonly taskState: 'failed' | 'cancelled';

  constructor(message: string, info: GenerationFailureInfo) {
    super(message, info);
    this.failureCode = info.failureCode;
    this.taskState = info.taskState ?? 'failed';
  }
}

/** The task was rejected by content moderation. Retrying the same input will not help. */
export class ModerationError extends GenerationFailedError {
  override readonly exitCode = ExitCode.moderation;
}

/** `--timeout` passed while the task was still queued or running. */
export class WaitTimeoutError extends RunwayError {
  override readonly exitCode = ExitCode.waitTimeout;
}

/** The task succeeded but its output could not be saved intact. */
export class DownloadError extends RunwayError {
  override readonly exitCode = ExitCode.download;
}

/** Ctrl-C / SIGTERM. */
export class InterruptedError extends RunwayError {
  override readonly exitCode = ExitCode.interrupted;
}

/**
 * A file-system error no caller turned into a RunwayError (a state disk that filled up mid-run,
 * a permission changed under us): the machine's state, not a bug, so it is exit 8 ("a file could
 * not be saved") with plain words rather than exit 1 with a stack.
 */
export function fileSystemReason(error: unknown): string | undefined {
  return typeof (error as NodeJS.ErrnoException | undefined)?.syscall === 'string' ? fsReason(error) : undefined;
}

export function exitCodeOf(error: unknown): ExitCodeValue {
  if (error instanceof RunwayError) return error.exitCode;
  return fileSystemReason(error) ? ExitCode.download : ExitCode.internal;
}

/** Exit codes ordered from least to most severe, for reporting the worst of many jobs. */
const severity: readonly ExitCodeValue[] = [
  ExitCode.ok,
  ExitCode.waitTimeout,
  ExitCode.generationFailed,
  ExitCode.moderation,
  ExitCode.download,
  ExitCode.budget,
  ExitCode.api,
  ExitCode.auth,
  ExitCode.usage,
  ExitCode.internal,
  ExitCode.interrupted,
];

export function mostSevere(codes: Iterable<ExitCodeValue>): ExitCodeValue {
  let worst: ExitCodeValue = ExitCode.ok;
  for (const code of codes) {
    if (severity.indexOf(code) > severity.indexOf(worst)) worst = code;
  }
  return worst;
}

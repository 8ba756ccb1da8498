/**
 * The options commander hands each command, typed once. Commander builds them from the flags in
 * program.ts and field-options.ts; the handler context narrows them to these shapes, so commands
 * read typed fields instead of casting an untyped bag.
 */

export interface ProviderFlags {
  provider?: string;
  baseUrl?: string;
  apiKey?: string;
  allowInsecure?: boolean;
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

export interface WaitFlags {
  out?: string;
  output?: string;
  writeInfoJson?: boolean;
  pollInterval?: number;
  timeout?: number;
  stallTimeout?: number;
}

/** Every generation field (the field table) arrives under its own name; read through buildRequest. */
export interface GenerationFlags extends ProviderFlags, WaitFlags {
  model?: string;
  /** A Model Router config instead of a model. */
  router?: string;
  prompt?: string;
  promptFile?: string;
  duration?: number | 'auto';
  seed?: number;
  /** `--no-wait` sets it false. */
  wait?: boolean;
  dryRun?: boolean;
  maxCredits?: number;
  /** Steps after the generation (`--then upscale:4k`). */
  then?: string[];
  onlyFinal?: boolean;
  [field: string]: unknown;
}

export interface BatchFlags extends ProviderFlags, WaitFlags {
  concurrency?: number;
  shard?: string;
  skipInvalid?: boolean;
  allowAnyOut?: boolean;
  retryFailed?: boolean;
  report?: string;
  junit?: string;
  exportState?: string;
  gallery?: string;
  dryRun?: boolean;
  maxCredits?: number;
  format?: string;
}

export interface WatchFlags extends ProviderFlags, WaitFlags {
  pending?: boolean;
  concurrency?: number;
}

export interface ListFlags {
  json?: boolean;
  pending?: boolean;
  limit?: number;
}

export interface CancelFlags extends ProviderFlags {
  force?: boolean;
}

/** `runway run` and the endpoint commands: the run's flags, and each field of the endpoint under its own name. */
export interface RunFlags extends ProviderFlags, WaitFlags {
  model?: string;
  param?: string[];
  input?: string;
  wait?: boolean;
  dryRun?: boolean;
  maxCredits?: number;
  [field: string]: unknown;
}

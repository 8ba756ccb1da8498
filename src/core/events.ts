/**
 * Progress as plain records. The core emits them; only src/cli decides whether they become a
 * spinner, a progress bar, plain lines, or nothing.
 */
import type { TaskSnapshot } from '../providers/types.js';

export type CoreEvent =
  | { type: 'warning'; message: string; job?: string | undefined }
  | { type: 'notice'; message: string; job?: string | undefined }
  | { type: 'upload'; file: string; bytes: number; job?: string | undefined }
  | { type: 'upload-progress'; file: string; sent: number; total: number; job?: string | undefined }
  | { type: 'created'; taskId: string; job?: string | undefined }
  | { type: 'status'; task: TaskSnapshot; elapsedMs: number; job?: string | undefined }
  | { type: 'retry'; purpose: string; attempt: number; delayMs: number; reason: string; job?: string | undefined }
  | {
      type: 'download-start';
      taskId: string;
      index: number;
      count: number;
      file: string;
      total?: number | undefined;
      resumedFrom: number;
      job?: string | undefined;
    }
  | { type: 'download-progress'; taskId: string; index: number; bytes: number; total?: number | undefined; job?: string | undefined }
  | { type: 'download-done'; taskId: string; index: number; file: string; bytes: number; job?: string | undefined }
  /** A step of a pipeline (--then, extend) has its files: made now, or earlier (`origin`). */
  | { type: 'step-saved'; name: string; files: string[]; origin: string; job?: string | undefined }
  | { type: 'trace'; line: string };

export type EventSink = (event: CoreEvent) => void;

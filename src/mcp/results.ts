/**
 * Outcomes as MCP tool results: `structuredContent` matching the tool's declared output schema,
 * a short text for clients without it, a `resource_link` per saved file and a small poster frame
 * of a saved video (where ffmpeg is present). Errors are tool errors (`isError`) saying what
 * happened and what to do next; no result, error or message carries a key.
 */
import { extname, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { RunwayError } from '../core/errors.js';
import { findMediaTools } from '../core/media-tools/ffmpeg.js';
import { posterFrame } from '../core/media-tools/poster.js';
import type { SavedOutput } from '../core/tasks/finish.js';

const mimes: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.exr': 'image/x-exr',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.zip': 'application/zip',
};

export const fileSchema = z.object({
  path: z.string(),
  uri: z.string(),
  mime: z.string(),
  bytes: z.number(),
  sha256: z.string(),
});
export type FileJson = z.infer<typeof fileSchema>;

export const taskShape = {
  task_id: z.string(),
  state: z.string().describe('pending, running, succeeded (files saved), failed, cancelled, or unknown'),
  model: z.string().optional(),
  credits: z.number().optional().describe('what the provider charged (or, while live, the most it may)'),
  files: z.array(fileSchema).optional(),
  failure: z.string().optional(),
  next: z.string().optional().describe('what to do next, when the task is not finished'),
};
export const taskSchema = z.object(taskShape);
export type TaskJson = z.infer<typeof taskSchema>;

export function fileJson(output: Pick<SavedOutput, 'file' | 'bytes' | 'sha256'>): FileJson {
  return {
    path: output.file,
    uri: pathToFileURL(output.file).href,
    mime: mimes[extname(output.file).toLowerCase()] ?? 'application/octet-stream',
    bytes: output.bytes,
    sha256: output.sha256,
  };
}

/** A poster of the first saved video, when ffmpeg can make one (never an error). */
async function poster(files: readonly FileJson[]): Promise<CallToolResult['content']> {
  const video = files.find((f) => f.mime.startsWith('video/'));
  if (!video) return [];
  try {
    const png = await posterFrame(findMediaTools(), video.path);
    return [{ type: 'image', data: png.toString('base64'), mimeType: 'image/png' }];
  } catch {
    return [];
  }
}

/** A result: the data, a line of text, a link per file and a poster of the first video. */
export async function result(structured: Record<string, unknown>, text: string, files: readonly FileJson[] = []): Promise<CallToolResult> {
  return {
    structuredContent: structured,
    content: [
      { type: 'text', text },
      ...files.map((f) => ({ type: 'resource_link' as const, uri: f.uri, name: basename(f.path), mimeType: f.mime })),
      ...(await poster(files)),
    ],
  };
}

/** A tool error: what happened and what to do next. */
export function toolError(error: unknown): CallToolResult {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof RunwayError && error.hint ? ` ${error.hint}` : '';
  return { isError: true, content: [{ type: 'text', text: `${message}${hint}` }] };
}

export function taskText(task: TaskJson): string {
  const files = task.files?.map((f) => f.path).join(', ');
  if (files) return `Task ${task.task_id} ${task.state}: saved ${files}.`;
  return `Task ${task.task_id} is ${task.state}.${task.failure ? ` ${task.failure}` : ''}${task.next ? ` ${task.next}` : ''}`;
}

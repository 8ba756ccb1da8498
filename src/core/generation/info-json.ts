/** `--write-info-json`: everything needed to reproduce a clip, beside the clip. */
import { writeFile } from 'node:fs/promises';
import { redactValue } from '../redact.js';
import type { TaskResult } from '../tasks/finish.js';
import type { JobIntent } from '../journal/fold.js';

export async function writeInfoJson(
  result: TaskResult,
  intent: JobIntent,
  timings: { createdAt: Date; finishedAt: Date },
): Promise<string[]> {
  const written: string[] = [];
  for (const output of result.outputs) {
    const info = {
      provider: result.provider,
      baseUrl: intent.baseUrl,
      model: result.model,
      taskId: result.taskId,
      prompt: intent.prompt ?? null,
      seed: intent.seed ?? null,
      ratio: intent.ratio ?? null,
      duration: intent.duration ?? null,
      inputs: intent.inputs,
      options: intent.extras ?? {},
      file: output.file,
      bytes: output.bytes,
      sha256: output.sha256,
      credits: result.credits ?? null,
      timings: {
        createdAt: timings.createdAt.toISOString(),
        finishedAt: timings.finishedAt.toISOString(),
        seconds: (timings.finishedAt.getTime() - timings.createdAt.getTime()) / 1000,
      },
      command: ['runway', ...intent.command],
    };
    const path = `${output.file}.json`;
    await writeFile(path, `${JSON.stringify(redactValue(info), null, 2)}\n`);
    written.push(path);
  }
  return written;
}

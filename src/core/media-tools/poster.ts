/** A small still of a clip (its first frame, 256 pixels wide, PNG): what a front end shows beside a saved video. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileArg, runTool, type MediaTools } from './ffmpeg.js';

export async function posterFrame(tools: MediaTools, clip: string): Promise<Buffer> {
  const scratch = mkdtempSync(join(tmpdir(), 'runway-poster-'));
  try {
    const still = join(scratch, 'poster.png');
    await runTool(tools.ffmpeg, [
      '-nostdin',
      '-v',
      'error',
      '-i',
      fileArg(clip),
      '-frames:v',
      '1',
      '-vf',
      'scale=256:-2',
      '-y',
      fileArg(still),
    ]);
    return readFileSync(still);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

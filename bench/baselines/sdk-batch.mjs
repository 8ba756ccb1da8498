// Baseline for rows 4 and 5: the official @runwayml/sdk, used the way its README shows —
// create, then waitForTaskOutput(), then download the output with fetch — with a fixed number
// of jobs in flight. With SCALE > 1 its timers run faster, exactly as the simulator's clock
// does, so its request pattern is the same as at full length.
import { createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import RunwayML from '@runwayml/sdk';

const scale = Number(process.env.SCALE ?? 1);
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = (fn, ms, ...args) => realSetTimeout(fn, (ms ?? 0) / scale, ...args);

const client = new RunwayML({ apiKey: process.env.API_KEY, baseURL: process.env.BASE_URL });
const prompts = readFileSync(process.env.JOBS_FILE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l).prompt);
const concurrency = Number(process.env.CONCURRENCY ?? 4);
const outDir = process.env.OUT_DIR;

let next = 0;
async function worker() {
  for (let i = next++; i < prompts.length; i = next++) {
    const task = await client.textToVideo
      .create({ model: 'gen4.5', promptText: prompts[i], ratio: '1280:720', duration: 5 })
      .waitForTaskOutput({ timeout: null });
    const res = await fetch(task.output[0]);
    await pipeline(Readable.fromWeb(res.body), createWriteStream(`${outDir}/sdk-${i}.mp4`));
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, prompts.length) }, worker));

/**
 * A client we did not write drives the simulator: the official SDK 4.20.1, for today's models,
 * gets SUCCEEDED tasks whose outputs are real MP4s, and the 400 of the real API for a removed one.
 */
import RunwayML from '@runwayml/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fastSim } from '../helpers/sim.js';
import { lighthouse, testKey } from '../helpers/cli.js';
import type { Simulator } from '../../src/sim/index.js';

let sim: Simulator;
let client: RunwayML;
const image = `data:image/png;base64,${readFileSync(lighthouse).toString('base64')}`;

beforeAll(async () => {
  sim = await fastSim({ keys: [testKey] });
  client = new RunwayML({ apiKey: testKey, baseURL: sim.apiUrl, maxRetries: 0 });
});
afterAll(async () => {
  await sim.close();
});

/** Polls with the SDK's own tasks.retrieve until the task settles, then fetches its first output. */
async function settle(id: string): Promise<{ status: string; mp4: Buffer }> {
  for (let i = 0; i < 200; i++) {
    const task = await client.tasks.retrieve(id);
    if (task.status === 'SUCCEEDED') {
      const url = (task as { output: string[] }).output[0] as string;
      // The simulator's storage host is plain http on loopback; the SDK is not involved here.
      return { status: task.status, mp4: Buffer.from(await (await fetch(url)).arrayBuffer()) };
    }
    if (task.status === 'FAILED' || task.status === 'CANCELLED') return { status: task.status, mp4: Buffer.alloc(0) };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`task ${id} did not settle`);
}

const isMp4 = (b: Buffer) => b.subarray(4, 8).toString('latin1') === 'ftyp';

describe('the official SDK 4.20.1 against the simulator', () => {
  it('seedance2 text-to-video', async () => {
    const { id } = await client.textToVideo.create({
      model: 'seedance2',
      promptText: 'a red kite over the dunes',
      ratio: '1920:1080',
      duration: 'auto',
      audio: true,
    });
    const done = await settle(id);
    expect(done.status).toBe('SUCCEEDED');
    expect(isMp4(done.mp4)).toBe(true);
  });

  it('veo3.1 image-to-video with audio', async () => {
    const { id } = await client.imageToVideo.create({
      model: 'veo3.1',
      promptImage: image,
      promptText: 'waves',
      ratio: '1280:720',
      duration: 8,
      audio: true,
    });
    expect((await settle(id)).status).toBe('SUCCEEDED');
  });

  it('hailuo3 with references', async () => {
    const { id } = await client.textToVideo.create({
      model: 'hailuo3',
      promptText: 'the cat from the references',
      ratio: 'adaptive',
      references: [{ uri: image }, { uri: image }],
    });
    const done = await settle(id);
    expect(done.status).toBe('SUCCEEDED');
    expect(isMp4(done.mp4)).toBe(true);
  });

  it('aleph2 video-to-video', async () => {
    const { id } = await client.videoToVideo.create({
      model: 'aleph2',
      videoUri: 'https://example.com/clip.mp4',
      promptText: 'make it snow',
    });
    expect((await settle(id)).status).toBe('SUCCEEDED');
  });

  it('videoUpscale, characterPerformance and textToImage: the other endpoints of the catalog', async () => {
    const clip = 'https://example.com/clip.mp4';
    const upscale = await client.videoUpscale.create({ model: 'magnific_video_upscaler_creative', videoUri: clip });
    const act = await client.characterPerformance.create({
      model: 'act_two',
      character: { type: 'image', uri: image },
      reference: { type: 'video', uri: clip },
    });
    const picture = await client.textToImage.create({ model: 'gen4_image', promptText: 'a lighthouse', ratio: '1024:1024' });
    expect((await settle(upscale.id)).status).toBe('SUCCEEDED');
    expect((await settle(act.id)).status).toBe('SUCCEEDED');
    const made = await settle(picture.id);
    expect(made.status).toBe('SUCCEEDED');
    expect(made.mp4.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('gen3a_turbo, removed from the API, gets a 400', async () => {
    const error = await client.imageToVideo
      .create({ model: 'gen3a_turbo', promptImage: image, ratio: '1280:768' } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunwayML.BadRequestError);
    expect((error as { status: number }).status).toBe(400);
    expect((error as { error: { error: string } }).error.error).toMatch(/Invalid model "gen3a_turbo"/);
  });
});

/** Official protocol: request building and parsing, against the official shapes and seeds 001/003. */
import { describe, expect, it } from 'vitest';
import { buildCreate, official, parseCreate, parseTask } from '../../src/providers/official/index.js';
import { officialModels } from '../../src/providers/official/models.js';
import type { ModelSpec, PreparedGeneration } from '../../src/providers/types.js';
import { seed } from '../helpers/seeds.js';

const model = (id: string) => officialModels.find((m) => m.id === id) as ModelSpec;
const input = (fields: Partial<PreparedGeneration>): PreparedGeneration => ({
  model: model('gen4_turbo'),
  ratio: '1280:720',
  duration: 5,
  ...fields,
});

describe('official requests', () => {
  it('image_to_video with one image sends promptImage as a string', () => {
    const spec = buildCreate(input({ image: 'https://example.com/a.png', prompt: 'wave', seed: 7 }));
    expect(spec).toEqual({
      method: 'POST',
      path: '/v1/image_to_video',
      body: { promptImage: 'https://example.com/a.png', model: 'gen4_turbo', promptText: 'wave', ratio: '1280:720', duration: 5, seed: 7 },
    });
  });

  it('first + last frame build the [{uri, position}] array of seed 001', () => {
    const example = seed('001-image-to-video-request');
    const spec = buildCreate(
      input({
        image: example.promptImage[0].uri,
        lastFrame: example.promptImage[1].uri,
        prompt: example.promptText,
        seed: example.seed,
        watermark: false,
        ratio: example.ratio,
        duration: 5,
      }),
    );
    expect(spec.path).toBe('/v1/image_to_video');
    expect(spec.body).toEqual(example);
  });

  it('the curl example of seed 001 (960:960) and the request of seed 003 build identically', () => {
    const curl = seed('001-image-to-video-request-curl');
    const built = buildCreate(
      input({
        image: curl.promptImage[0].uri,
        lastFrame: curl.promptImage[1].uri,
        prompt: curl.promptText,
        seed: curl.seed,
        watermark: false,
        ratio: curl.ratio,
      }),
    );
    expect(built.body).toEqual(curl);
    const anyapi = seed('003-image-to-video-request');
    const single = buildCreate(
      input({ image: anyapi.promptImage, prompt: anyapi.promptText, watermark: false, ratio: anyapi.ratio, duration: anyapi.duration }),
    );
    expect(single.body).toEqual(anyapi);
  });

  it('video-to-video goes to /v1/video_to_video with videoUri, no duration, and ratio only where the model takes one', () => {
    const aleph = buildCreate(
      input({ model: model('gen4_aleph'), video: 'runway://uploads/abc', prompt: 'make it snow', seed: 3, duration: 2 }),
    );
    expect(aleph).toEqual({
      method: 'POST',
      path: '/v1/video_to_video',
      body: { videoUri: 'runway://uploads/abc', model: 'gen4_aleph', promptText: 'make it snow', ratio: '1280:720', seed: 3 },
    });
    const aleph2 = buildCreate(input({ model: model('aleph2'), video: 'https://x/v.mp4', ratio: undefined, duration: undefined }));
    expect(aleph2.body).toEqual({ videoUri: 'https://x/v.mp4', model: 'aleph2' });
  });

  it('a last frame alone is sent with position "last"', () => {
    const spec = buildCreate(input({ model: model('gen3a_turbo'), lastFrame: 'https://x/l.png', ratio: '1280:768' }));
    expect((spec.body as { promptImage: unknown }).promptImage).toEqual([{ uri: 'https://x/l.png', position: 'last' }]);
  });

  it('text_to_video carries no promptImage', () => {
    const spec = buildCreate(input({ model: model('gen4.5'), prompt: 'a cat' }));
    expect(spec).toEqual({
      method: 'POST',
      path: '/v1/text_to_video',
      body: { model: 'gen4.5', promptText: 'a cat', ratio: '1280:720', duration: 5 },
    });
  });

  it('gateway extras map to notify_hook and contentModeration', () => {
    const spec = buildCreate(input({ image: 'https://x/a.png', webhook: 'https://hook', publicFigureThreshold: 'low' }));
    expect(spec.body).toMatchObject({ notify_hook: 'https://hook', contentModeration: { publicFigureThreshold: 'low' } });
  });

  it('sends the API version header with the key', () => {
    expect(official.authHeaders('k')).toEqual({ authorization: 'Bearer k', 'x-runway-version': '2024-11-06' });
  });
});

describe('official create answers', () => {
  it('reads {id} (seed 001)', () => {
    expect(parseCreate(seed('001-create-response'))).toEqual({ taskId: 'c7f2b640-9adb-4565-8e99-f759cacef00c' });
  });

  it('reads the Luma-like {id, state} example of seed 003', () => {
    expect(parseCreate(seed('003-create-response-example'))).toEqual({ taskId: '4665a07c-7641-4809-a133-10786201bb56' });
  });

  it('reads the {code, message, data:{task_id}} envelope of seed 003', () => {
    expect(parseCreate(seed('003-create-response-envelope-from-schema'))).toEqual({ taskId: '4665a07c-7641-4809-a133-10786201bb56' });
  });

  it('reads a bare {task_id}', () => {
    expect(parseCreate({ task_id: 't-1' })).toEqual({ taskId: 't-1' });
  });

  it('an error envelope without an id is a refusal', () => {
    expect(() => parseCreate({ code: 400, message: 'insufficient balance' })).toThrow(/insufficient balance/);
    try {
      parseCreate({ code: 400, message: 'insufficient balance' });
    } catch (error) {
      expect((error as { refused: boolean }).refused).toBe(true);
    }
  });

  it('a 2xx body with no id and no error is not a refusal (the task may exist)', () => {
    try {
      parseCreate({ ok: true });
      expect.unreachable();
    } catch (error) {
      expect((error as { refused: boolean }).refused).toBe(false);
    }
  });
});

describe('official task answers', () => {
  it('reads what a task costs: estimatedCost while live, cost once settled, nothing when absent', () => {
    const live = parseTask({ id: 't', status: 'RUNNING', progress: 0.4, estimatedCost: { credits: 60 } }, 't');
    expect(live.found && live.task.credits).toEqual({ amount: 60, final: false });
    const done = parseTask({ id: 't', status: 'SUCCEEDED', output: ['https://x/a.mp4'], cost: { credits: 55 } }, 't');
    expect(done.found && done.task.credits).toEqual({ amount: 55, final: true });
    const gateway = parseTask({ id: 't', status: 'SUCCEEDED', output: ['https://x/a.mp4'] }, 't');
    expect(gateway.found && gateway.task.credits).toBeUndefined();
  });

  it('parses the succeeded task of seed 001', () => {
    const answer = parseTask(seed('001-task-succeeded'), 'x');
    expect(answer.found).toBe(true);
    if (!answer.found) return;
    expect(answer.task).toMatchObject({
      id: 'c7f2b640-9adb-4565-8e99-f759cacef00c',
      state: 'succeeded',
      rawStatus: 'SUCCEEDED',
      progress: 1,
    });
    expect(answer.task.outputs).toEqual([{ url: seed('001-task-succeeded').output[0] }]);
  });

  it('parses the moderation failure of seed 001 as moderation', () => {
    const answer = parseTask(seed('001-task-failed'), 'x');
    if (!answer.found) throw new Error('not found');
    expect(answer.task.state).toBe('failed');
    expect(answer.task.failure).toEqual({
      message: 'Text prompt did not pass moderation',
      code: 'INPUT_PREPROCESSING.SAFETY.TEXT',
      moderation: true,
    });
  });

  it.each([
    ['SAFETY.INPUT.IMAGE', true],
    ['SAFETY.OUTPUT.VIDEO', true],
    ['INTERNAL.BAD_OUTPUT.CODE01', false],
    ['THIRD_PARTY.UNAVAILABLE', false],
    ['ASSET.INVALID', false],
  ])('failureCode %s is moderation: %s', (code, moderation) => {
    const answer = parseTask({ id: 'a', status: 'FAILED', failure: 'f', failureCode: code }, 'a');
    expect(answer.found && answer.task.failure?.moderation).toBe(moderation);
  });

  it.each([
    ['PENDING', 'pending'],
    ['THROTTLED', 'pending'],
    ['RUNNING', 'running'],
    ['CANCELLED', 'cancelled'],
    ['CANCELED', 'cancelled'],
  ])('status %s maps to %s', (status, state) => {
    const answer = parseTask({ id: 'a', status, progress: 0.4 }, 'a');
    expect(answer.found && answer.task.state).toBe(state);
  });

  it('reads running progress', () => {
    const answer = parseTask({ id: 'a', status: 'RUNNING', progress: 0.42, createdAt: '2024-11-15T13:54:50.800Z' }, 'a');
    expect(answer.found && answer.task.progress).toBe(0.42);
  });

  it('unwraps the CometAPI-style wrapper around an official task', () => {
    const inner = seed('001-task-succeeded');
    const answer = parseTask(
      {
        code: 'success',
        message: '',
        data: { task_id: inner.id, action: 'image_to_video', status: 'SUCCESS', fail_reason: '', progress: '100%', data: inner },
      },
      'x',
    );
    expect(answer.found && answer.task.outputs[0]?.url).toBe(inner.output[0]);
  });

  it('maps wrapper statuses and "40%" progress when there is no inner task', () => {
    const running = parseTask({ code: 'success', data: { task_id: 't', status: 'IN_PROGRESS', progress: '40%', fail_reason: '' } }, 't');
    expect(running.found && running.task).toMatchObject({ state: 'running', progress: 0.4 });
    for (const status of ['QUEUED', 'NOT_START', 'SUBMITTED']) {
      const queued = parseTask({ code: 'success', data: { task_id: 't', status, progress: '0%' } }, 't');
      expect(queued.found && queued.task.state).toBe('pending');
    }
    const done = parseTask(
      { code: 'success', data: { task_id: 't', status: 'SUCCESS', progress: '100%', result_url: 'https://v/1.mp4' } },
      't',
    );
    expect(done.found && done.task.outputs).toEqual([{ url: 'https://v/1.mp4' }]);
    const failed = parseTask({ code: 'success', data: { task_id: 't', status: 'FAILURE', fail_reason: 'content moderation' } }, 't');
    expect(failed.found && failed.task.failure).toMatchObject({ message: 'content moderation', moderation: true });
  });

  it('recognises task_not_exist in any of its spellings', () => {
    expect(parseTask({ code: 'task_not_exist', message: 'task_not_exist' }, 't')).toEqual({ found: false, message: 'task_not_exist' });
    expect(parseTask({ error: 'task_not_exist' }, 't').found).toBe(false);
  });
});

/** Pro/feed protocol (seed 004): the generate body, create answers and both feed shapes. */
import { describe, expect, it } from 'vitest';
import { buildCreate, parseCreate, parseTask, placeholderCallback, proFeedModels } from '../../src/providers/pro-feed/index.js';
import type { ModelSpec } from '../../src/providers/types.js';
import { seed } from '../helpers/seeds.js';

const gen4 = proFeedModels.find((m) => m.id === 'gen4') as ModelSpec;

describe('pro/generate body', () => {
  it('matches seed 004 field by field', () => {
    const example = seed('004-generate-request');
    const spec = buildCreate({
      model: gen4,
      prompt: example.prompt,
      ratio: example.ratio,
      duration: example.options.seconds,
      style: example.style,
      camera: example.options.motion_vector,
      webhook: example.callback_url,
    });
    expect(spec.method).toBe('POST');
    expect(spec.path).toBe('/runway/pro/generate');
    expect(spec.body).toEqual(example);
  });

  it('sends the .invalid placeholder callback and an all-zero motion vector by default', () => {
    const spec = buildCreate({ model: gen4, prompt: 'a cat', ratio: '16:9', duration: 5 });
    expect(spec.body).toMatchObject({
      callback_url: placeholderCallback,
      style: 'cinematic',
      options: { seconds: 5, motion_vector: { x: 0, y: 0, z: 0, r: 0, bg_x_pan: 0, bg_y_pan: 0 } },
    });
    expect(new URL(placeholderCallback).hostname.endsWith('.invalid')).toBe(true);
    expect('image' in (spec.body as object)).toBe(false);
  });

  it('adds image and image_as_end_frame when asked', () => {
    const spec = buildCreate({ model: gen4, prompt: '', image: 'https://x/a.png', endFrame: true, ratio: '16:9', duration: 10 });
    expect(spec.body).toMatchObject({ image: 'https://x/a.png', options: { seconds: 10, image_as_end_frame: true } });
  });
});

describe('pro/generate answers', () => {
  it('reads {code:200, data:{task_id}}', () => {
    expect(parseCreate({ code: 200, msg: '成功', data: { task_id: 'abc' }, exec_time: 0.67 })).toEqual({ taskId: 'abc' });
  });

  it('treats any other code as a refusal showing msg (the seed 004 schema example has code 123)', () => {
    expect(() => parseCreate(seed('004-generate-response-schema'))).toThrow(/code 123\): <string>/);
    expect(() => parseCreate({ code: 400, msg: 'callback_url_empty', data: null })).toThrow(/callback_url_empty/);
  });
});

describe('feed answers', () => {
  const digits = (data: Record<string, unknown>) => ({ code: 200, msg: 'success', data: { task_id: 't', ...data } });

  it('shape (a): a video_url means success, whatever the status digit says', () => {
    const answer = parseTask(digits({ status: '3', video_url: 'https://v/1.mp4', refund: '0', msg: '' }), 't');
    expect(answer.found && answer.task).toMatchObject({ state: 'succeeded', outputs: [{ url: 'https://v/1.mp4' }] });
  });

  it('shape (a): refund "1" or a message without video is failure', () => {
    const refunded = parseTask(digits({ status: '2', video_url: null, refund: '1', msg: '' }), 't');
    expect(refunded.found && refunded.task.state).toBe('failed');
    const said = parseTask(digits({ status: '1', video_url: null, refund: '0', msg: 'Prompt rejected by content moderation' }), 't');
    expect(said.found && said.task.failure).toMatchObject({ message: 'Prompt rejected by content moderation', moderation: true });
  });

  it('shape (a): otherwise still running, without a percent', () => {
    const answer = parseTask(digits({ status: '1', video_url: null, refund: '0', msg: '' }), 't');
    if (!answer.found) throw new Error('not found');
    expect(answer.task.state).toBe('running');
    expect(answer.task.progress).toBeUndefined();
  });

  it('shape (b): the CometAPI wrapper with a percent', () => {
    const running = parseTask(
      { code: 'success', message: '', data: { task_id: 't', status: 'IN_PROGRESS', progress: '40%', fail_reason: '' } },
      't',
    );
    expect(running.found && running.task).toMatchObject({ state: 'running', progress: 0.4 });
    const done = parseTask(
      { code: 'success', data: { task_id: 't', status: 'SUCCESS', progress: '100%', result_url: 'https://v/2.mp4' } },
      't',
    );
    expect(done.found && done.task.outputs).toEqual([{ url: 'https://v/2.mp4' }]);
    const failed = parseTask({ code: 'success', data: { task_id: 't', status: 'FAILURE', fail_reason: 'boom' } }, 't');
    expect(failed.found && failed.task.failure?.message).toBe('boom');
  });

  it('task_not_exist is "not yet", a non-200 code is an error', () => {
    expect(parseTask({ code: 'task_not_exist', msg: 'task_not_exist' }, 't').found).toBe(false);
    expect(() => parseTask({ code: 500, msg: 'internal' }, 't')).toThrow(/internal/);
  });
});

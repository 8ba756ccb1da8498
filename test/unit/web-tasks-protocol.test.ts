/** Web-tasks protocol: every JSON example of seeds 000 and 002, verbatim. */
import { describe, expect, it } from 'vitest';
import { buildCreate, motionScore, parseTask, taskName, webTasks } from '../../src/providers/web-tasks/index.js';
import { webTaskModels } from '../../src/providers/web-tasks/models.js';
import type { ModelSpec, PreparedGeneration } from '../../src/providers/types.js';
import { seed } from '../helpers/seeds.js';

const model = (id: string) => webTaskModels.find((m) => m.id === id) as ModelSpec;

/** Same keys at every level; values equal except where `except` says. */
function sameShape(actual: unknown, expected: unknown, except: string[] = [], path = ''): void {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    expect(Object.keys(actual as object).sort(), `keys at ${path || 'top'}`).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) sameShape((actual as Record<string, unknown>)[k], v, except, path ? `${path}.${k}` : k);
  } else if (!except.includes(path)) {
    expect(actual, path).toEqual(expected);
  }
}

describe('web-tasks create bodies match the seeds field by field', () => {
  it('gen2 with an image (seed 000)', () => {
    const example = seed('000-gen2-create-request');
    const g = example.options.gen2Options;
    const input: PreparedGeneration = {
      model: model('gen2'),
      prompt: g.text_prompt,
      image: g.init_image,
      imageName: 'y3.jpg',
      ratio: '1280:768',
      duration: 4,
      seed: g.seed,
      motion: 5,
      watermark: true,
      webhook: 'https://example.com/hook',
    };
    const spec = buildCreate(input);
    expect(spec).toMatchObject({ method: 'POST', path: '/tasks' });
    // the seed shows notify_hook as "", a placeholder for the callback URL
    sameShape(spec.body, { ...example, notify_hook: 'https://example.com/hook' });
    expect(motionScore(5)).toBe(22);
  });

  it('gen2 without an image leaves image_prompt and init_image out entirely', () => {
    const spec = buildCreate({ model: model('gen2'), prompt: 'An older man playing piano', ratio: '1280:768', duration: 4, seed: 1 });
    const options = (spec.body as { options: { gen2Options: Record<string, unknown> } }).options.gen2Options;
    expect('image_prompt' in options).toBe(false);
    expect('init_image' in options).toBe(false);
    expect('notify_hook' in (spec.body as object)).toBe(false);
    expect(JSON.stringify(spec.body)).not.toMatch(/:\s*(""|null)/);
  });

  it('Gen-3 Alpha with an image (seed 000), named in the web-app style', () => {
    const example = seed('000-gen3-create-request');
    const o = example.options;
    const spec = buildCreate({
      model: model('gen3'),
      prompt: o.text_prompt,
      image: o.init_image,
      ratio: '1280:768',
      duration: o.seconds,
      seed: o.seed,
      explore: true,
      watermark: false,
      webhook: 'https://example.com/hook',
    });
    sameShape(spec.body, { ...example, notify_hook: 'https://example.com/hook' }, ['options.name']);
    expect((spec.body as { taskType: string }).taskType).toBe('europa');
    expect((spec.body as { options: { name: string } }).options.name).toBe('Gen-3 Alpha 2275386909');
  });

  it('Gen-3 text-only leaves init_image and image_as_end_frame out', () => {
    const spec = buildCreate({ model: model('gen3'), prompt: 'x', ratio: '1280:768', duration: 5, seed: 3 });
    const options = (spec.body as { options: Record<string, unknown> }).options;
    expect(Object.keys(options)).not.toContain('init_image');
    expect(Object.keys(options)).not.toContain('image_as_end_frame');
  });

  it('video-to-video (seed 000)', () => {
    const example = seed('000-gen3-video-to-video-request');
    const o = example.options;
    const spec = buildCreate({
      model: model('gen3'),
      prompt: o.text_prompt,
      video: o.video_prompt,
      structure: 0.3,
      ratio: '1280:768',
      duration: 10,
      seed: o.seed,
      explore: true,
    });
    sameShape(spec.body, example, ['options.name']);
  });

  it('extend (seed 000) carries extended_from_task_id and init_video and no init_image', () => {
    const example = seed('000-gen3-extend-request');
    const o = example.options;
    const { init_image: _placeholder, ...expectedOptions } = o;
    const spec = buildCreate({
      model: model('gen3'),
      prompt: o.text_prompt,
      ratio: '1280:768',
      duration: 5,
      seed: o.seed,
      explore: true,
      extend: { taskId: o.extended_from_task_id, videoUrl: o.init_video },
    });
    sameShape(spec.body, { ...example, options: expectedOptions }, ['options.name']);
  });

  it('Gen-3 Alpha Turbo on openai-core (seed 002): no width/height', () => {
    const example = seed('002-gen3a-turbo-create-request');
    const o = example.options;
    const spec = buildCreate({
      model: model('gen3a_turbo'),
      prompt: o.text_prompt,
      image: o.init_image,
      ratio: '1280:768',
      duration: 10,
      seed: o.seed,
      explore: false,
      watermark: true,
      quirks: { omitDimensions: true },
    });
    sameShape(spec.body, example, ['options.name']);
    expect((spec.body as { options: { name: string } }).options.name).toBe('Gen-3 Alpha Turbo 3994113795');
  });

  it('names gen2 tasks like the web app', () => {
    const name = taskName(
      {
        model: model('gen2'),
        prompt: 'An older man playing piano, lit from the side.',
        imageName: 'y3.jpg',
        ratio: '1280:768',
        duration: 4,
        motion: 5,
      },
      1675247627,
    );
    expect(name).toBe(seed('000-gen2-create-request').options.name);
  });
});

describe('web-tasks answers parse verbatim', () => {
  it('gen2 create answer (seed 000): PENDING, float start estimate, null progress', () => {
    const answer = parseTask(seed('000-gen2-create-response'));
    if (!answer.found) throw new Error('not found');
    expect(answer.task).toMatchObject({
      id: 'fc4a68aa-4280-42cb-b55c-e1d9a64960e0',
      state: 'pending',
      rawStatus: 'PENDING',
      progress: undefined,
      startsInSeconds: 2.526315789473684,
      outputs: [],
    });
    expect(webTasks.parseCreate(seed('000-gen2-create-response'))).toEqual({ taskId: 'fc4a68aa-4280-42cb-b55c-e1d9a64960e0' });
  });

  it('gen3 create answer (seed 000): taskType comes back as gen3a', () => {
    const data = seed('000-gen3-create-response');
    expect(data.task.taskType).toBe('gen3a');
    const answer = parseTask(data);
    expect(answer.found && answer.task).toMatchObject({
      id: '3320e8b1-dc89-41b5-ba1e-0452ae8055e0',
      state: 'pending',
      startsInSeconds: 1.0526315789473684,
    });
  });

  it('succeeded gen2 task (seed 000): progressRatio "1", fileSize "1340124", server filename kept as display text', () => {
    const data = seed('000-gen2-task-succeeded');
    const answer = parseTask(data);
    if (!answer.found) throw new Error('not found');
    expect(answer.task.state).toBe('succeeded');
    expect(answer.task.progress).toBe(1);
    expect(answer.task.outputs).toEqual([
      { url: data.task.artifacts[0].url, bytes: 1340124, serverName: 'Gen-2 1675247627, An older man playing, y3jpg, M 5.mp4' },
    ]);
  });

  it('openai-core create answer (seed 002): extra server_id, integer start estimate', () => {
    const answer = parseTask(seed('002-gen3a-turbo-create-response'));
    expect(answer.found && answer.task).toMatchObject({ id: '7e647762-5b4c-45f9-a4cf-7248f1eec6fc', state: 'pending', startsInSeconds: 0 });
    expect(webTasks.parseCreate(seed('002-gen3a-turbo-create-response'))).toEqual({ taskId: '7e647762-5b4c-45f9-a4cf-7248f1eec6fc' });
  });

  it('running progress as a string', () => {
    const data = seed('000-gen2-create-response');
    data.task.status = 'RUNNING';
    data.task.progressRatio = '0.42';
    data.task.estimatedTimeToStartSeconds = null;
    const answer = parseTask(data);
    expect(answer.found && answer.task).toMatchObject({ state: 'running', progress: 0.42, startsInSeconds: undefined });
  });

  it('a failed task reports its error, string or object', () => {
    const data = seed('000-gen2-create-response');
    data.task.status = 'FAILED';
    data.task.error = 'Your prompt was flagged by our content moderation system.';
    const moderated = parseTask(data);
    expect(moderated.found && moderated.task.failure).toEqual({ message: data.task.error, code: undefined, moderation: true });
    data.task.error = { message: 'The generation failed.', reason: 'INTERNAL' };
    const generic = parseTask(data);
    expect(generic.found && generic.task.failure).toMatchObject({ message: 'The generation failed.', moderation: false });
  });
});

describe('web-tasks upload (seed 000)', () => {
  it('builds the start request of the seed', () => {
    const spec = webTasks.upload?.start({ name: '163-q.jpeg', mime: 'image/jpeg', bytes: 10 });
    expect(spec).toEqual({ method: 'POST', path: '/uploads', body: seed('000-upload-request') });
  });

  it('reads the upload answer and builds the completion of the seed', () => {
    const data = seed('000-upload-response');
    const ticket = webTasks.upload?.parseStart(data);
    expect(ticket?.transfer).toEqual({ method: 'PUT', url: data.uploadUrls[0], headers: { 'Content-Type': 'image/jpeg' } });
    const complete = ticket?.complete?.('ca3b00c313b6fd9a5c48889ad16f7d5e');
    expect(complete).toEqual({ method: 'POST', path: `/uploads/${data.id}/complete`, body: seed('000-upload-complete-request') });
    expect(webTasks.upload?.parseComplete?.(seed('000-upload-complete-response'))).toBe(seed('000-upload-complete-response').url);
  });
});

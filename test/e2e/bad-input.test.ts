/**
 * Bad input never costs a request: every case exits 2 (3 for keys) with a message naming the
 * problem, and the simulator sees nothing.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { lighthouse, runCli, tempDir, testKey } from '../helpers/cli.js';
import { fastSim } from '../helpers/sim.js';

let sim: Simulator;
const dir = tempDir('runway-bad-');
const files = {
  text: join(dir.path, 'notes.txt'),
  empty: join(dir.path, 'empty.png'),
  huge: join(dir.path, 'huge.png'),
  folder: join(dir.path, 'folder.png'),
  fifo: join(dir.path, 'pipe.png'),
  prompt: join(dir.path, 'prompt.txt'),
  badConfig: join(dir.path, 'bad-config'),
  tiny: join(dir.path, 'tiny.png'),
  tinyClip: join(dir.path, 'tiny.mp4'),
  batch: join(dir.path, 'jobs.jsonl'),
};

beforeAll(async () => {
  sim = await fastSim({ keys: [testKey] });
  writeFileSync(files.text, 'not an image');
  // Real headers, under the official upload floor of 512 bytes.
  writeFileSync(files.tiny, readFileSync(lighthouse).subarray(0, 300));
  writeFileSync(files.tinyClip, readFileSync(new URL('../../src/sim/fixtures/sample.mp4', import.meta.url)).subarray(0, 300));
  writeFileSync(files.empty, '');
  // A sparse 201 MB file that starts like a PNG: over every upload limit, costs no disk.
  const fd = openSync(files.huge, 'w');
  writeFileSync(fd, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  ftruncateSync(fd, 201 * 1024 * 1024);
  closeSync(fd);
  mkdirSync(files.folder);
  execFileSync('mkfifo', [files.fifo]);
  writeFileSync(files.prompt, 'a prompt from a file');
  writeFileSync(files.batch, `${JSON.stringify({ model: 'gen4_turbo', prompt: 'a cat', image: lighthouse })}\n`);
  mkdirSync(files.badConfig);
  writeFileSync(join(files.badConfig, 'config.json'), '{ "default-provider": "runwayml", oops');
});
afterAll(async () => {
  await sim.close();
  dir.cleanup();
});

interface Case {
  name: string;
  args: () => string[];
  message: RegExp;
  code?: number;
  env?: () => Record<string, string | undefined>;
}

const on = (provider: string) => ['--provider', provider, '--base-url', sim.urlFor(provider)];
const gen4 = (...args: string[]) => ['gen4', ...on('runwayml'), '--prompt', 'a cat', ...args];

const cases: Case[] = [
  {
    name: 'ratio not in the model table',
    args: () => gen4('--image', lighthouse, '--ratio', '16:9'),
    message: /Ratio 16:9 is not available for gen4_turbo on runwayml; use one of: 1280:720, 720:1280/,
  },
  {
    name: 'duration not allowed',
    args: () => ['gen4.5', ...on('runwayml'), '--prompt', 'x', '--duration', '11'],
    message: /Duration 11 s is not available for gen4.5 on runwayml; use one of: 2, 3, 4, 5, 6, 7, 8, 9, 10/,
  },
  {
    name: 'duration out of the model range',
    args: () => ['gen3', ...on('openai-hk'), '--image', 'https://example.com/a.png', '--duration', '7'],
    message: /Duration 7 s is not available for gen3a_turbo on openai-hk; use one of: 5, 10/,
  },
  {
    name: 'a model the official API removed',
    args: () => ['gen3', ...on('runwayml'), '--image', lighthouse, '--prompt', 'x'],
    message: /gen3a_turbo was removed from the official API[\s\S]*Use gen4.5 instead[\s\S]*still serve gen3: openai-hk/,
  },
  {
    name: 'duration not a number',
    args: () => gen4('--image', lighthouse, '--duration', 'five'),
    message: /--duration must be an integer/,
  },
  {
    name: 'seed above the range',
    args: () => gen4('--image', lighthouse, '--seed', '4294967296'),
    message: /--seed must be an integer from 0 to 4294967295/,
  },
  {
    name: 'negative seed',
    args: () => gen4('--image', lighthouse, '--seed', '-1'),
    message: /--seed must be an integer from 0 to 4294967295/,
  },
  { name: 'fractional seed', args: () => gen4('--image', lighthouse, '--seed', '1.5'), message: /--seed must be an integer/ },
  { name: 'image-only model without an image', args: () => gen4(), message: /gen4_turbo on runwayml needs an image \(--image\)/ },
  { name: 'text-to-video without a prompt', args: () => ['gen4.5', ...on('runwayml')], message: /Text-to-video needs a prompt/ },
  { name: 'missing image file', args: () => gen4('--image', join(dir.path, 'nope.png')), message: /--image .*nope\.png: no such file/ },
  { name: 'directory instead of an image', args: () => gen4('--image', files.folder), message: /is a directory/ },
  {
    name: 'named pipe instead of an image (would block forever)',
    args: () => gen4('--image', files.fifo),
    message: /--image .*pipe\.png is not a regular file \(a pipe, socket or device\); save it to a file first/,
  },
  {
    name: 'named pipe to upload',
    args: () => ['upload', files.fifo, ...on('runwayml')],
    message: /upload .*pipe\.png is not a regular file/,
  },
  { name: 'file that is not an image', args: () => gen4('--image', files.text), message: /is not a JPEG, PNG or WebP image/ },
  {
    name: 'image in a missing directory',
    args: () => gen4('--image', join(dir.path, '..', 'nonexistent-dir', 'x.png')),
    message: /no such file/,
  },
  { name: 'zero-byte image', args: () => gen4('--image', files.empty), message: /is empty \(0 bytes\)/ },
  { name: 'oversized image', args: () => gen4('--image', files.huge), message: /is 201 MB; the limit is 200 MB/ },
  {
    name: 'prompt too long',
    args: () => ['gen4', ...on('runwayml'), '--image', lighthouse, '--prompt', 'x'.repeat(1001)],
    message: /The prompt is 1001 characters; gen4_turbo on runwayml allows at most 1000/,
  },
  { name: 'empty prompt', args: () => ['gen4.5', ...on('runwayml'), '--prompt', '   '], message: /The prompt is empty/ },
  { name: 'ftp URL', args: () => gen4('--image', 'ftp://example.com/a.png'), message: /only local files, https:\/\/ URLs/ },
  { name: 'plain http image URL', args: () => gen4('--image', 'http://example.com/a.png'), message: /plain http:\/\/ is refused/ },
  {
    name: 'data URI that is not an image',
    args: () => gen4('--image', 'data:text/plain;base64,aGVsbG8='),
    message: /data URI type text\/plain is not accepted/,
  },
  { name: 'malformed data URI', args: () => gen4('--image', 'data:image/png,raw'), message: /a data URI must look like/ },
  {
    name: 'unknown provider (typo)',
    args: () => ['gen4', '--provider', 'runwaym', '--image', lighthouse],
    message: /Unknown provider "runwaym"\. Did you mean "runwayml"\?/,
  },
  {
    name: 'model the provider does not have',
    args: () => ['gen2', ...on('runwayml'), '--prompt', 'x'],
    message: /gen2 is not available on runwayml[\s\S]*Providers that have gen2: openai-hk-legacy, openai-core, cometapi/,
  },
  {
    name: 'unknown model on a web-tasks provider',
    args: () => ['generate', '--model', 'gen9', ...on('openai-core'), '--prompt', 'x'],
    message: /Unknown model "gen9" for openai-core/,
  },
  {
    name: 'last frame on a model without one',
    args: () => gen4('--image', lighthouse, '--last-frame', lighthouse),
    message: /does not take a last frame/,
  },
  {
    name: 'gen2 option on the official API',
    args: () => gen4('--image', lighthouse, '--motion', '5'),
    message: /--motion is not supported by gen4_turbo on runwayml/,
  },
  {
    name: 'motion out of range',
    args: () => ['gen2', ...on('openai-core'), '--prompt', 'x', '--motion', '11'],
    message: /--motion must be an integer from 1 to 10/,
  },
  {
    name: 'webhook on a provider without webhooks',
    args: () => gen4('--image', lighthouse, '--webhook', 'https://example.com/hook'),
    message: /--webhook is not supported by gen4_turbo on runwayml/,
  },
  {
    name: '--explore with --fast',
    args: () => ['gen3', ...on('openai-core'), '--prompt', 'x', '--explore', '--fast'],
    message: /--explore and --fast contradict each other/,
  },
  {
    name: '--structure without --video',
    args: () => ['gen3', ...on('openai-core'), '--prompt', 'x', '--structure', '0.5'],
    message: /--structure applies only to video-to-video/,
  },
  {
    name: '--structure out of range',
    args: () => ['gen3', ...on('openai-core'), '--prompt', 'x', '--structure', '2'],
    message: /--structure must be between 0 and 1/,
  },
  {
    name: 'turbo without an image',
    args: () => ['gen3-turbo', ...on('openai-core'), '--prompt', 'x'],
    message: /gen3a_turbo on openai-core needs an image/,
  },
  {
    name: 'local file on the pro/feed protocol',
    args: () => ['gen4', ...on('cometapi'), '--prompt', 'x', '--image', lighthouse],
    message: /takes images only as https:\/\/ URLs[\s\S]*Host the image/,
  },
  {
    name: 'video input on anyapi',
    args: () => ['generate', '--model', 'gen4_turbo', ...on('anyapi'), '--prompt', 'x', '--video', lighthouse],
    message: /does not take a video input[\s\S]*Providers with video-to-video \(--video\): runwayml, openai-hk-legacy, openai-core/,
  },
  {
    name: 'gen2 is 4 s only (web-tasks)',
    args: () => ['gen2', ...on('openai-core'), '--prompt', 'x', '--duration', '5'],
    message: /Duration 5 s is not available for gen2 on openai-core; use one of: 4/,
  },
  {
    name: 'Gen-3 Alpha is 1280:768 only (web-tasks)',
    args: () => ['gen3', ...on('openai-hk-legacy'), '--prompt', 'x', '--ratio', '768:1280'],
    message: /Ratio 768:1280 is not available for gen3 on openai-hk-legacy; use one of: 1280:768/,
  },
  {
    name: 'Gen-3 Alpha is 5 or 10 s (web-tasks)',
    args: () => ['gen3', ...on('openai-hk-legacy'), '--prompt', 'x', '--duration', '8'],
    message: /use one of: 5, 10/,
  },
  {
    name: 'extend where the last frame cannot be sent',
    args: () => ['extend', '00000000-0000-4000-8000-000000000000', ...on('cometapi')],
    message:
      /cometapi has no native extend, and it takes images only as public https:\/\/ URLs[\s\S]*extend natively: openai-hk-legacy, openai-core; that continue from a last frame they are sent: runwayml/,
  },
  {
    name: '--prompt with --prompt-file',
    args: () => ['gen4.5', ...on('runwayml'), '--prompt', 'x', '--prompt-file', files.prompt],
    message: /either --prompt or --prompt-file/,
  },
  {
    name: 'missing --prompt-file',
    args: () => ['gen4.5', ...on('runwayml'), '--prompt-file', join(dir.path, 'missing.txt')],
    message: /--prompt-file .* cannot be read: no such file/,
  },
  {
    name: 'unknown output template field',
    args: () => gen4('--image', lighthouse, '-o', '{model}-{nope}'),
    message: /Unknown field \{nope\}/,
  },
  {
    name: 'output template escaping --out',
    args: () => gen4('--image', lighthouse, '-o', '../{model}'),
    message: /must be a relative name inside --out/,
  },
  {
    name: 'bad camera vector',
    args: () => ['gen4', ...on('cometapi'), '--prompt', 'x', '--camera', 'x=1,q=2'],
    message: /--camera "q=2" is not key=number/,
  },
  { name: 'unknown option', args: () => gen4('--image', lighthouse, '--colour', 'red'), message: /unknown option '--colour'/ },
  {
    name: 'negative timeout',
    args: () => gen4('--image', lighthouse, '--timeout', '-1'),
    message: /--timeout must be a number of seconds, 0 or more/,
  },
  {
    name: 'plain http base URL off loopback',
    args: () => ['gen4', '--provider', 'runwayml', '--base-url', 'http://example.com', '--image', lighthouse],
    message: /Refusing the plain http:\/\/ base URL/,
  },
  {
    name: '--out names a file, not a directory',
    args: () => gen4('--image', lighthouse, '--out', join(files.text, 'clips')),
    message: /Cannot save videos in .*notes\.txt\/clips: .*notes\.txt is a file, not a directory/,
  },
  {
    name: 'batch --report where a file stands in the way',
    args: () => ['batch', files.batch, ...on('runwayml'), '--report', join(files.text, 'report.json')],
    message: /Cannot save the report file in .*notes\.txt: .*notes\.txt is a file, not a directory[\s\S]*--report/,
  },
  {
    name: 'state directory behind a file (a read-only or odd HOME in a container)',
    args: () => gen4('--image', lighthouse),
    env: () => ({ RUNWAY_CONFIG_DIR: join(files.text, 'state') }),
    message:
      /Cannot write runway's state directory .*notes\.txt\/state: part of the path is a file, not a directory[\s\S]*RUNWAY_CONFIG_DIR/,
  },
  {
    name: 'public figure threshold value',
    args: () => gen4('--image', lighthouse, '--public-figure-threshold', 'high'),
    message: /must be auto or low/,
  },
  {
    name: 'malformed config file',
    args: () => gen4('--image', lighthouse),
    env: () => ({ RUNWAY_CONFIG_DIR: files.badConfig }),
    message: /config file .* is not valid JSON[\s\S]*Fix or delete/,
  },
  {
    name: 'an image data URI as --video',
    args: () => ['aleph2', ...on('runwayml'), '--video', 'data:image/png;base64,iVBORw0KGgo='],
    message: /--video: data URI type image\/png is not a video/,
  },
  {
    name: 'upload under the 512-byte floor',
    args: () => ['upload', files.tiny, ...on('runwayml')],
    message: /upload .*tiny\.png is 300 B; uploads must be at least 512 B/,
  },
  {
    name: 'video-to-video clip under the upload floor',
    args: () => ['aleph2', ...on('runwayml'), '--video', files.tinyClip],
    message: /--video .*tiny\.mp4 is 300 bytes; runwayml uploads must be at least 512 bytes/,
  },
  {
    name: 'a data URI whose bytes are not what it says',
    args: () => gen4('--image', `data:image/jpeg;base64,${readFileSync(lighthouse).toString('base64')}`),
    message: /the data URI says image\/jpeg but its bytes are image\/png/,
  },
  { name: 'an empty task id', args: () => ['status', '', ...on('runwayml')], message: /"" is not a task id/ },
  {
    name: 'a URL where a task id belongs',
    args: () => ['watch', 'https://example.com/task/1', ...on('runwayml')],
    message: /"https:\/\/example\.com\/task\/1" is not a task id/,
  },
  {
    name: 'a directory as the batch file',
    args: () => ['batch', dir.path, ...on('runwayml')],
    message: /The batch file .* cannot be read: it is a directory/,
  },
  {
    name: 'no key at all',
    args: () => gen4('--image', lighthouse),
    env: () => ({ RUNWAYML_API_SECRET: undefined, RUNWAY_API_KEY: undefined }),
    code: 3,
    message: /No API key for provider "runwayml"/,
  },
];

describe('bad input exits before any request', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const state = tempDir();
      try {
        const before = sim.stats().total;
        const r = await runCli(c.args(), {
          cwd: state.path,
          env: { RUNWAY_CONFIG_DIR: state.path, RUNWAYML_API_SECRET: testKey, RUNWAY_API_KEY: testKey, ...c.env?.() },
        });
        expect(r.stderr).toMatch(c.message);
        expect(r.code).toBe(c.code ?? 2);
        expect(r.stdout).toBe('');
        expect(sim.stats().total - before).toBe(0);
      } finally {
        state.cleanup();
      }
    });
  }
});

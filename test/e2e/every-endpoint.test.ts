/**
 * Issue 31: every task endpoint of the official API, from the catalog. The built binary against
 * the simulator: `runway run` on each of the SDK's 24 task endpoints, the commands people type
 * (sound, speak, dub, isolate, revoice, avatar, image-upscale, recipe, workflow), outputs of
 * every kind saved and verified, batch lines, and a story with narration and a sound bed.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lighthouse, runCli, testKey } from '../helpers/cli.js';
import { count, useSim } from '../helpers/sim.js';
import { officialCatalog } from '../../src/providers/official/catalog/index.js';

const t = useSim({ keys: [testKey] });
const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey });
const on = () => ['--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--poll-interval', '0.05', '--out', t.out.path];
const files = () => readdirSync(t.out.path).sort();
const created = () => count(t.sim, '.create');
const run = promisify(execFile);

/** A real one-second WAV made with ffmpeg. */
async function wav(path: string, seconds = 1): Promise<string> {
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=300:duration=${seconds}`, path]);
  return path;
}

async function probe(file: string, entries: string): Promise<string> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', entries, '-of', 'default=nw=1', file]);
  return stdout;
}

/** The body of the last create the simulator received. */
function lastCreateBody(): Record<string, unknown> {
  const create = t.sim
    .requests()
    .filter((r) => r.route.endsWith('.create'))
    .at(-1);
  return create?.body as Record<string, unknown>;
}

describe('runway run: every task endpoint of the SDK', () => {
  it('the catalog holds the 24 task endpoints, and each one without its fields exits 2 naming a missing field, sending nothing', async () => {
    const endpoints = Object.keys(officialCatalog.endpoints);
    expect(endpoints).toHaveLength(24);
    expect(endpoints).toEqual(
      expect.arrayContaining(['sound_effect', 'avatar_videos', 'recipes/multi_shot_video', 'generate/audio', 'image_upscale']),
    );
    const results = await Promise.all(endpoints.map((e) => runCli(['run', e, ...on(), '--dry-run'], { env: env() })));
    results.forEach((result, i) => {
      expect(result.code, `${endpoints[i]}: ${result.stderr}`).toBe(2);
      expect(result.stderr, endpoints[i]).toMatch(/is required/);
    });
    expect(t.sim.requests()).toEqual([]);
  });

  it('an unknown endpoint names the close ones; a value outside the catalog, an unknown field and bad JSON exit 2 before any request', async () => {
    const unknown = await runCli(['run', 'sound_efect', ...on()], { env: env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/sound_efect is not a task endpoint of the official API\. Did you mean sound_effect/);
    const outside = await runCli(
      ['run', 'voice_dubbing', ...on(), '--param', 'audioUri=https://example.com/a.wav', '--param', 'targetLang=xx'],
      {
        env: env(),
      },
    );
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/targetLang must be one of en, hi, pt/);
    const field = await runCli(
      ['run', 'voice_isolation', ...on(), '--param', 'audioUri=https://example.com/a.wav', '--param', 'volume=3'],
      {
        env: env(),
      },
    );
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/volume is not a field of voice_isolation \(fields: model, audioUri\)/);
    const json = await runCli(['run', 'recipes/product_campaign_image', ...on(), '--param', 'image={"uri": "./p.png",}'], { env: env() });
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/--param image: the JSON does not parse: .*position 18/);
    expect(t.sim.requests()).toEqual([]);
  });

  it('sound_effect with eleven_text_to_sound_v2 saves the WAV the API returned, under an audio extension; seed_audio as mp3 saves an MP3', async () => {
    const result = await runCli(
      [
        'run',
        'sound_effect',
        '--model',
        'eleven_text_to_sound_v2',
        '--param',
        'promptText=rain on a tin roof',
        '--param',
        'duration=2',
        ...on(),
      ],
      { env: env() },
    );
    expect(result.code, result.stderr).toBe(0);
    const [saved] = files();
    expect(saved).toMatch(/^eleven_text_to_sound_v2-.*\.wav$/);
    const bytes = readFileSync(join(t.out.path, saved as string));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WAVE');
    expect(await probe(join(t.out.path, saved as string), 'format=duration')).toMatch(/duration=2\.0/);
    expect(lastCreateBody()).toEqual({ model: 'eleven_text_to_sound_v2', promptText: 'rain on a tin roof', duration: 2 });
    const mp3 = await runCli(['sound', 'a door', '--model', 'seed_audio', '--output-format', 'mp3', ...on()], { env: env() });
    expect(mp3.code, mp3.stderr).toBe(0);
    expect(files().filter((f) => f.endsWith('.mp3'))).toHaveLength(1);
  });

  it('recipes/multi_shot_video (auto) saves an H.264 mp4; recipes/product_campaign_image saves all four images, each verified', async () => {
    const shots = await runCli(
      [
        'run',
        'recipes/multi_shot_video',
        '--param',
        'mode=auto',
        '--param',
        'prompt=a fox crosses a river',
        '--param',
        'version=2026-06',
        ...on(),
      ],
      { env: env() },
    );
    expect(shots.code, shots.stderr).toBe(0);
    const mp4 = files().find((f) => f.endsWith('.mp4')) as string;
    expect(mp4).toMatch(/^multi_shot_video-/);
    expect(await probe(join(t.out.path, mp4), 'stream=codec_name')).toContain('codec_name=h264');
    const images = await runCli(
      [
        'run',
        'recipes/product_campaign_image',
        '--param',
        `image=${lighthouse}`,
        '--param',
        'prompt=autumn coats',
        '--param',
        'version=2026-06',
        ...on(),
        '--json',
      ],
      { env: env() },
    );
    expect(images.code, images.stderr).toBe(0);
    const pngs = files().filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(4);
    for (const png of pngs) expect(readFileSync(join(t.out.path, png)).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((JSON.parse(images.stdout) as { outputs: unknown[] }).outputs).toHaveLength(4);
    // The image shorthand: a path where an object {uri} goes, inlined as a data URI.
    expect(lastCreateBody().image).toEqual({ uri: expect.stringMatching(/^data:image\/png;base64,/) });
  });

  it('voice_isolation --param audioUri=./voice.wav uploads the file and sends its runway:// URI; a PNG, a folder, a fifo or a missing file is refused first', async () => {
    const voice = await wav(join(t.out.path, 'voice.wav'));
    const result = await runCli(['run', 'voice_isolation', '--param', 'audioUri=./voice.wav', ...on()], { env: env(), cwd: t.out.path });
    expect(result.code, result.stderr).toBe(0);
    expect(count(t.sim, 'runwayml.upload')).toBe(1);
    expect(lastCreateBody()).toEqual({ model: 'eleven_voice_isolation', audioUri: expect.stringMatching(/^runway:\/\/uploads\//) });
    expect(files().filter((f) => f.startsWith('eleven_voice_isolation-') && f.endsWith('.wav'))).toHaveLength(1);
    t.sim.context.reset();
    mkdirSync(join(t.out.path, 'folder'));
    await run('mkfifo', [join(t.out.path, 'pipe')]);
    for (const [given, said] of [
      [lighthouse, /audioUri .*lighthouse\.png is not an MP3, WAV, M4A or Ogg audio file \(its content is image\/png\)/],
      [join(t.out.path, 'folder'), /is a directory, not a file/],
      [join(t.out.path, 'pipe'), /is not a regular file/],
      [join(t.out.path, 'missing.wav'), /missing\.wav: no such file/],
    ] as const) {
      const refused = await runCli(['isolate', given, ...on()], { env: env() });
      expect(refused.code, String(given)).toBe(2);
      expect(refused.stderr).toMatch(said);
    }
    expect(t.sim.requests()).toEqual([]);
    expect(voice).toBeTruthy();
  });

  it('runway models --json lists the audio, avatar, image-upscale and recipe models with their endpoints and inputs', async () => {
    const result = await runCli(['models', '--json'], { env: env() });
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { model: string; endpoints: string[]; inputs: string[] });
    const row = (model: string) => rows.find((r) => r.model === model);
    expect(row('eleven_multilingual_v2')).toMatchObject({ endpoints: ['text_to_speech'], inputs: ['text'] });
    expect(row('seed_audio')?.endpoints).toEqual(['sound_effect', 'text_to_speech']);
    expect(row('eleven_voice_isolation')).toMatchObject({ endpoints: ['voice_isolation'], inputs: ['audio'] });
    expect(row('gwm1_avatars')).toMatchObject({ endpoints: ['avatar_videos'] });
    expect(row('magnific_precision_upscaler_v2')).toMatchObject({ endpoints: ['image_upscale'], inputs: ['image'] });
    expect(row('product_campaign_image')).toMatchObject({ endpoints: ['recipes/product_campaign_image'] });
  });
});

describe('the commands people type', () => {
  it('speak --voice, dub --to, avatar --avatar/--text/--voice and revoice <video> build the bodies the API takes', async () => {
    const dry = async (args: string[]) => {
      const result = await runCli([...args, ...on(), '--dry-run', '--json'], { env: env() });
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as { request: { body: Record<string, unknown> } }).request.body;
    };
    expect(await dry(['speak', 'Hello there.', '--voice', 'Bernard'])).toEqual({
      model: 'eleven_multilingual_v2',
      promptText: 'Hello there.',
      voice: { type: 'runway-preset', presetId: 'Bernard' },
    });
    const voice = await wav(join(t.out.path, 'me.wav'));
    expect(await dry(['speak', 'Hi.', '--model', 'seed_audio', '--voice', voice])).toMatchObject({
      voice: { type: 'reference-audio', audioUri: expect.stringMatching(/^<uploaded URL of me\.wav>$/) },
    });
    expect(await dry(['dub', voice, '--to', 'es'])).toMatchObject({ model: 'eleven_voice_dubbing', targetLang: 'es' });
    expect(await dry(['avatar', '--avatar', 'influencer', '--text', 'Welcome!', '--voice', 'clara'])).toEqual({
      model: 'gwm1_avatars',
      avatar: { type: 'runway-preset', presetId: 'influencer' },
      speech: { type: 'text', text: 'Welcome!', voice: { type: 'preset', presetId: 'clara' } },
    });
    const clip = join(t.out.path, 'clip.mp4');
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=12:duration=1', '-pix_fmt', 'yuv420p', clip]);
    expect(await dry(['revoice', clip, '--voice', 'Maya'])).toMatchObject({ media: { type: 'video' }, voice: { presetId: 'Maya' } });
    const help = await runCli(['speak', '--help'], { env: env() });
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/--voice <value> audioUri: audio .*\(seed_audio\); presetId: one of Maya, Arjun/);
    expect(t.sim.requests()).toEqual([]);
  });

  it('image-upscale saves an image; recipe picks the newest dated version; --no-wait then `runway watch` finishes the task', async () => {
    const up = await runCli(['image-upscale', lighthouse, '--scale-factor', '2', ...on()], { env: env() });
    expect(up.code, up.stderr).toBe(0);
    expect(files().filter((f) => f.endsWith('.png'))).toHaveLength(1);
    const recipe = await runCli(['recipe', 'product_ad', '--product-images', lighthouse, ...on(), '--no-wait', '--json'], { env: env() });
    expect(recipe.code, recipe.stderr).toBe(0);
    expect(lastCreateBody()).toMatchObject({ version: '2026-07', productImages: [{ uri: expect.stringMatching(/^data:image\/png/) }] });
    const { taskId } = JSON.parse(recipe.stdout) as { taskId: string };
    const watched = await runCli(['watch', taskId, ...on()], { env: env() });
    expect(watched.code, watched.stderr).toBe(0);
    expect(files().filter((f) => f.startsWith('product_ad-') && f.endsWith('.mp4'))).toHaveLength(1);
  });

  it('workflow list, and workflow run: every node output saved; --no-wait then watch invocation:<id>', async () => {
    const list = await runCli(['workflow', 'list', '--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--json'], { env: env() });
    expect(list.code, list.stderr).toBe(0);
    const [workflow] = JSON.parse(list.stdout) as { versions: { id: string }[] }[];
    const id = workflow?.versions[0]?.id as string;
    const ran = await runCli(
      ['workflow', 'run', id, '--node', 'prompt-node.text=a red car', '--node', `image-node.image=${lighthouse}`, ...on()],
      {
        env: env(),
      },
    );
    expect(ran.code, ran.stderr).toBe(0);
    expect(files().map((f) => f.replace(/^workflow-.*?(-2)?\./, 'workflow$1.'))).toEqual(['workflow-2.png', 'workflow.mp4']);
    expect(lastCreateBody()).toEqual({
      nodeOutputs: {
        'prompt-node': { text: { type: 'primitive', value: 'a red car' } },
        'image-node': { image: { type: 'image', uri: expect.stringMatching(/^data:image\/png;base64,/) } },
      },
    });
    const later = await runCli(['workflow', 'run', id, ...on(), '--no-wait', '--json'], { env: env() });
    const { taskId } = JSON.parse(later.stdout) as { taskId: string };
    expect(taskId).toMatch(/^invocation:/);
    const watched = await runCli(['watch', taskId, ...on()], { env: env() });
    expect(watched.code, watched.stderr).toBe(0);
    expect(files()).toHaveLength(4);
    const before = created();
    const unknownNode = await runCli(['workflow', 'run', id, '--node', 'nope.text=x', ...on()], { env: env() });
    expect(unknownNode.code).toBe(2);
    expect(unknownNode.stderr).toMatch(/--node nope\.text: no such node in workflow Product teaser \(nodes: prompt-node, image-node/);
    expect(created()).toBe(before);
  });

  it('a batch mixes generation lines and run lines; paths in params are relative to the batch file; a re-run pays for nothing again', async () => {
    await wav(join(t.out.path, 'voice.wav'));
    const file = join(t.out.path, 'jobs.jsonl');
    writeFileSync(
      file,
      [
        { id: 'sfx', run: 'sound_effect', model: 'eleven_text_to_sound_v2', params: { promptText: 'thunder', duration: 2 } },
        { id: 'clean', run: 'voice_isolation', params: { audioUri: 'voice.wav' } },
        { id: 'clip', model: 'gen4.5', prompt: 'a cat', duration: 2 },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const out = join(t.out.path, 'out');
    const first = await runCli(['batch', file, ...on(), '--out', out], { env: env() });
    expect(first.code, first.stderr).toBe(0);
    expect(
      readdirSync(out)
        .map((f) => f.split('.').pop())
        .sort(),
    ).toEqual(['mp4', 'wav', 'wav']);
    expect(created()).toBe(3);
    const again = await runCli(['batch', file, ...on(), '--out', out], { env: env() });
    expect(again.code, again.stderr).toBe(0);
    expect(created()).toBe(3);
    const bad = join(t.out.path, 'bad.jsonl');
    writeFileSync(bad, JSON.stringify({ run: 'voice_isolation', prompt: 'x', params: { audioUri: 'voice.wav' } }));
    const refused = await runCli(['batch', bad, ...on()], { env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/a "run" line takes its fields in "params" \(got "prompt"\)/);
  });
});

describe('story with sound', () => {
  const board = (lines: object[]) => {
    const file = join(t.out.path, 'board.jsonl');
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    return file;
  };

  it("a story with narration and a sound bed: the film's audio lasts the film's length, narration starts at its shot; changing a narration re-makes only it", async () => {
    const shots = [
      { id: 'a', model: 'gen4.5', prompt: 'a fox wakes', duration: 3 },
      { id: 'b', model: 'gen4.5', prompt: 'the fox runs', duration: 3, narration: 'Then it runs.' },
    ];
    const film = join(t.out.path, 'film.mp4');
    const silent = await runCli(['story', board(shots), ...on(), '--film', film], { env: env() });
    expect(silent.code, silent.stderr).toBe(0);
    expect(await probe(film, 'stream=codec_type')).toMatch(/codec_type=video\s+codec_type=audio/);
    expect(await probe(film, 'format=duration')).toMatch(/duration=6\.0/);
    // Silence until the second shot begins at 3 s, then the narration.
    const { stderr } = await run('ffmpeg', ['-v', 'info', '-i', film, '-af', 'silencedetect=n=-40dB:d=0.5', '-f', 'null', '-']);
    expect(stderr).toMatch(/silence_start: 0\b/);
    const end = Number(/silence_end: ([\d.]+)/.exec(stderr)?.[1]);
    expect(end).toBeGreaterThan(2.9);
    expect(end).toBeLessThan(3.1);
    expect(created()).toBe(3);

    const bed = join(t.out.path, 'bed.mp4');
    const withBed = await runCli(['story', board(shots), ...on(), '--film', bed, '--sound', 'rain on leaves'], { env: env() });
    expect(withBed.code, withBed.stderr).toBe(0);
    expect(created()).toBe(4);
    const audio = await probe(bed, 'stream=codec_type,duration');
    expect(audio).toMatch(/codec_type=audio\s+duration=6\.0/);

    const changed = await runCli(
      [
        'story',
        board([shots[0] as object, { ...shots[1], narration: 'Then it runs away.' }]),
        ...on(),
        '--film',
        join(t.out.path, 'c.mp4'),
      ],
      { env: env() },
    );
    expect(changed.code, changed.stderr).toBe(0);
    expect(created()).toBe(5);
  });

  it('a narration longer than its shot is refused at validation, naming the line; nothing is sent', async () => {
    const file = board([
      { model: 'gen4.5', prompt: 'a', duration: 2, narration: 'This sentence has far too many words to be spoken in two seconds.' },
    ]);
    const result = await runCli(['story', file, ...on()], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/board\.jsonl:1: the narration takes about 5\.2 s to say \(13 words\), longer than its 2 s shot/);
    expect(t.sim.requests()).toEqual([]);
  });
});

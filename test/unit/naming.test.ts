import { describe, expect, it } from 'vitest';
import { checkTemplate, defaultTemplate, renderName, resolveInside, sanitizeSegment, slug } from '../../src/core/download/naming.js';

const fields = {
  model: 'gen4_turbo',
  task: '1a2b3c4d-5e6f-4000-8000-000000000000',
  seed: 42,
  ratio: '1280:720',
  duration: 5,
  prompt: 'A lighthouse at dusk, waves crashing!',
  index: 1,
  created: new Date(2026, 10, 21, 9, 5, 7),
};

describe('output names', () => {
  it('defaults to <model>-<yyyymmdd-hhmmss>-<task id prefix>.mp4', () => {
    expect(renderName(defaultTemplate, fields, false)).toBe('gen4_turbo-20261121-090507-1a2b3c4d.mp4');
  });

  it('fills every template field', () => {
    expect(renderName('{model}_{seed}_{ratio}_{duration}_{index:3}_{prompt:20}', fields, false)).toBe(
      'gen4_turbo_42_1280x720_5s_001_a-lighthouse-at-dusk.mp4',
    );
  });

  it('numbers the extra outputs of a task', () => {
    expect(renderName('{model}', { ...fields, output: 2 }, true)).toBe('gen4_turbo-2.mp4');
    expect(renderName('{model}', { ...fields, output: 1 }, true)).toBe('gen4_turbo.mp4');
    expect(renderName('{model}-{index:2}', { ...fields, index: 7, output: 2 }, true)).toBe('gen4_turbo-07-2.mp4');
  });

  it('never lets field values create folders or climb out', () => {
    const hostile = { ...fields, model: '../../etc/passwd', serverName: '..\\..\\win.ini' };
    const name = renderName('{model}-{name}', hostile, false);
    expect(name).not.toContain('/');
    expect(name).not.toContain('\\');
    expect(name).not.toContain('..');
  });

  it('keeps folders from the template itself', () => {
    expect(renderName('{model}/{date}/{task:8}', fields, false)).toBe('gen4_turbo/20261121/1a2b3c4d.mp4');
  });

  it.each([
    ['a/b\\c', 'a_b_c'],
    ['..', '_'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['line\nbreak\u0007', 'linebreak'],
    ['  .hidden. ', 'hidden'],
    ['x'.repeat(300), 'x'.repeat(230)],
  ])('sanitises %j to %j', (input, expected) => {
    expect(sanitizeSegment(input)).toBe(expected);
  });

  it('slugs prompts, including non-Latin text', () => {
    expect(slug('Héllo, Wörld!', 30)).toBe('hello-world');
    expect(slug('Tiếng Việt: ngôi nhà', 30)).toBe('tieng-viet-ngoi-nha');
    expect(slug('ＦＵＬＬ　ｗｉｄｔｈ', 30)).toBe('full-width');
    expect(slug('美女舞蹈', 30)).toBe('美女舞蹈');
    expect(slug('プロンプト', 30)).toBe('プロンプト');
    expect(slug('नमस्ते दुनिया', 30)).toBe('नमस्ते-दुनिया');
    expect(slug('𠮷野家の𠮷', 2)).toBe('𠮷野');
    expect(slug('!!!', 30)).toBe('untitled');
  });

  it('keeps every name within 255 bytes, whatever the script, with room for -N, .part and .json', () => {
    const prompt = '夕暮れの灯台と打ち寄せる波、'.repeat(20);
    const name = renderName('{prompt:200}/{prompt:200}-{prompt:200}', { ...fields, prompt }, false);
    for (const segment of name.split('/')) expect(Buffer.byteLength(`${segment}-9999.part`)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.mp4')).toBe(true);
    expect(name).not.toMatch(/\uFFFD/);
  });

  it('refuses names that leave the output directory', () => {
    expect(() => resolveInside('/tmp/out', '../x.mp4')).toThrow(/would leave the output directory/);
    expect(resolveInside('/tmp/out', 'a/b.mp4')).toBe('/tmp/out/a/b.mp4');
  });

  it('checks templates before anything is sent', () => {
    expect(() => checkTemplate('{model}-{oops}')).toThrow(/Unknown field \{oops\}/);
    expect(() => checkTemplate('/abs/{model}')).toThrow(/relative/);
    expect(() => checkTemplate('../{model}')).toThrow(/relative/);
    expect(() => checkTemplate('{prompt:30}-{task:8}')).not.toThrow();
  });
});

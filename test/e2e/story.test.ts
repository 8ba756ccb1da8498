/**
 * `runway story` end to end: four shots, two of them continuing the shot before, make one film
 * with the shots in order; --dry-run prints every request and the total; a second run pays for
 * nothing.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lighthouse, root, runCli, testKey } from '../helpers/cli.js';
import { count, useSim } from '../helpers/sim.js';
import { frameOf, psnrOf, seam, seconds } from '../helpers/media.js';

const t = useSim({ keys: [testKey], renderFrames: true });
const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAYML_API_SECRET: testKey });
const on = (...args: string[]) => [
  ...args,
  '--provider',
  'runwayml',
  '--base-url',
  t.sim.apiUrl,
  '--poll-interval',
  '0.05',
  '--out',
  t.out.path,
];

function storyboard(): string {
  const file = join(t.out.path, 'harbour.jsonl');
  const shots = [
    { id: 'dawn', model: 'gen4.5', prompt: 'a harbour at dawn', duration: 2 },
    { id: 'boat', model: 'gen4.5', prompt: 'a boat leaves the harbour', duration: 2, continue: true },
    { id: 'lighthouse', model: 'gen4', prompt: 'the lighthouse', image: lighthouse, duration: 2 },
    { id: 'storm', model: 'gen4.5', prompt: 'a storm comes', duration: 3, continue: true },
  ];
  writeFileSync(file, shots.map((shot) => JSON.stringify(shot)).join('\n'));
  return file;
}

describe('runway story', () => {
  it('--dry-run prints the four requests and the total; nothing is sent', async () => {
    const r = await runCli(on('story', storyboard(), '--dry-run'), { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^POST /gm)).toHaveLength(4);
    expect(r.stdout.match(/"promptImage": "<the last frame of the shot before \((dawn|lighthouse)\)>"/g)).toHaveLength(2);
    expect(r.stdout).toMatch(/^total estimated cost: 94 credits$/m);
    expect(t.sim.requests().filter((req) => req.origin === 'api')).toHaveLength(0);
  });

  it(
    'makes one film with the shots in order, continuing shots starting where the one before ended; a re-run pays for nothing',
    { timeout: 90_000 },
    async () => {
      const board = storyboard();
      const r = await runCli(on('story', board, '--json', '-q'), { env: env(), timeoutMs: 80_000 });
      expect(r.code, r.stderr).toBe(0);
      const story = JSON.parse(r.stdout) as { film: string; joined: string; shots: { id: string; files: string[] }[] };
      expect(story.joined).toBe('re-encoded');
      const film = resolve(root, story.film);
      expect(film).toBe(join(t.out.path, 'harbour.mp4'));
      const shots = story.shots.map((s) => resolve(root, s.files[0] as string));
      expect(story.shots.map((s) => s.id)).toEqual(['dawn', 'boat', 'lighthouse', 'storm']);
      expect(await seam(shots[0] as string, shots[1] as string)).toBeGreaterThanOrEqual(40);
      expect(await seam(shots[2] as string, shots[3] as string)).toBeGreaterThanOrEqual(40);
      const lengths = await Promise.all(shots.map(seconds));
      expect(Math.abs((await seconds(film)) - lengths.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(0.1);
      // Where each shot begins in the film, the picture is that shot's first frame more than the next one's.
      const firsts = await Promise.all(
        shots.map((shot, i) => frameOf({ input: ['-i', shot] }, join(t.out.path, `first-${i}.png`), '320:192')),
      );
      let at = 0;
      for (const [i, length] of lengths.entries()) {
        const inFilm = await frameOf({ input: ['-ss', (at + 0.01).toFixed(3), '-i', film] }, join(t.out.path, `film-${i}.png`), '320:192');
        const [own, next] = await Promise.all([
          psnrOf(inFilm, firsts[i] as string),
          psnrOf(inFilm, firsts[(i + 1) % firsts.length] as string),
        ]);
        expect(own, `shot ${i + 1} in place`).toBeGreaterThan(next);
        at += length;
      }
      expect(count(t.sim, '.create')).toBe(4);

      const again = await runCli(on('story', board, '--json', '-q'), { env: env(), timeoutMs: 60_000 });
      expect(again.code, again.stderr).toBe(0);
      expect(count(t.sim, '.create')).toBe(4);
      // The film of unchanged shots is the one already there, not a second copy beside it.
      expect(JSON.parse(again.stdout)).toMatchObject({ film: story.film, joined: 'earlier' });
    },
  );
});

/**
 * Where a finished video lands: the output directory is checked and created without Node's
 * recursive mkdir, each job claims its own .part, and a .part is published under a free name
 * even where hard links do not exist.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimPart, isVariantOf, publish } from '../../src/core/download/publish.js';
import { checkOutDir } from '../../src/core/download/out-dir.js';
import { makeDirs } from '../../src/core/files/make-dirs.js';
import { UsageError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/cli.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.cleanup());

const part = (name: string, content: string) => {
  const path = join(dir.path, `${name}.part`);
  writeFileSync(path, content);
  return path;
};

/** What exFAT, FAT and VM shares answer to link(2). */
const noLinks = {
  link: async () => {
    throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM', syscall: 'link' });
  },
};

describe('publish', () => {
  const fileSystems = [
    { name: 'links the part into place', fs: undefined },
    { name: 'on a file system without hard links, reserves the name and renames', fs: noLinks },
  ];
  for (const { name, fs } of fileSystems) {
    it(`${name}; never overwrites: the second file gets -1`, async () => {
      dir = tempDir();
      const dest = join(dir.path, 'clip.mp4');
      expect(await publish(part('a', 'first'), dest, fs)).toBe(dest);
      expect(await publish(part('b', 'second'), dest, fs)).toBe(join(dir.path, 'clip-1.mp4'));
      expect(readFileSync(dest, 'utf8')).toBe('first');
      expect(readFileSync(join(dir.path, 'clip-1.mp4'), 'utf8')).toBe('second');
      expect(readdirSync(dir.path).sort()).toEqual(['clip-1.mp4', 'clip.mp4']);
    });
  }

  it('passes on errors that are not about hard links', async () => {
    dir = tempDir();
    const missing = join(dir.path, 'gone.part');
    await expect(publish(missing, join(dir.path, 'clip.mp4'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir.path)).toEqual([]);
  });
});

describe('claimPart', () => {
  it('gives two jobs planning the same name two .part files, and passes over a finished file', async () => {
    dir = tempDir();
    writeFileSync(join(dir.path, 'clip-1.mp4'), 'an earlier video');
    const dest = join(dir.path, 'new', 'clip.mp4');
    expect(await claimPart(dest)).toBe(dest);
    expect(await claimPart(dest)).toBe(join(dir.path, 'new', 'clip-1.mp4'));
    const old = join(dir.path, 'clip.mp4');
    expect(await claimPart(old)).toBe(join(dir.path, 'clip.mp4'));
    expect(await claimPart(old)).toBe(join(dir.path, 'clip-2.mp4'));
    expect(readdirSync(join(dir.path, 'new')).sort()).toEqual(['clip-1.mp4.part', 'clip.mp4.part']);
  });
});

describe('isVariantOf', () => {
  it('recognises a planned name and its numbered variants, nothing else', () => {
    expect(isVariantOf('/o/clip.mp4', '/o/clip.mp4')).toBe(true);
    expect(isVariantOf('/o/clip-12.mp4', '/o/clip.mp4')).toBe(true);
    expect(isVariantOf('/o/clip-a.mp4', '/o/clip.mp4')).toBe(false);
    expect(isVariantOf('/o/clip-1.mov', '/o/clip.mp4')).toBe(false);
    expect(isVariantOf('/p/clip-1.mp4', '/o/clip.mp4')).toBe(false);
    expect(isVariantOf('/o/clips-1.mp4', '/o/clip.mp4')).toBe(false);
  });
});

describe('output directory', () => {
  it('accepts a directory that does not exist yet under a writable one, and makes it', async () => {
    dir = tempDir();
    const deep = join(dir.path, 'a', 'b', 'c');
    await checkOutDir(deep);
    expect(existsSync(join(dir.path, 'a'))).toBe(false);
    makeDirs(deep);
    makeDirs(deep);
    expect(existsSync(deep)).toBe(true);
  });

  it('refuses a path through a file, before anything is created', async () => {
    dir = tempDir();
    writeFileSync(join(dir.path, 'file'), 'x');
    await expect(checkOutDir(join(dir.path, 'file', 'clips'))).rejects.toThrow(UsageError);
    await expect(checkOutDir(join(dir.path, 'file'))).rejects.toThrow(/file, not a directory/);
    expect(() => makeDirs(join(dir.path, 'file'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => makeDirs(join(dir.path, 'file', 'clips'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  // Node's recursive mkdir loops forever here (the parent exists, the child is refused with ENOENT).
  it.runIf(existsSync('/proc/self'))('reports a directory that cannot be made under /proc instead of spinning', () => {
    expect(() => makeDirs('/proc/runway-test/clips')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

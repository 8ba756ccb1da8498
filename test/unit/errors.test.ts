import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DownloadError,
  ExitCode,
  GenerationFailedError,
  InterruptedError,
  ModerationError,
  UsageError,
  exitCodeOf,
  mostSevere,
} from '../../src/core/errors.js';
import { reportError } from '../../src/cli/render/report-error.js';
import { serverMessage } from '../../src/core/http/http-errors.js';

const diskFull = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

function stderrOf(run: () => void): string {
  let text = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return text;
}

afterEach(() => vi.restoreAllMocks());

describe('exit codes', () => {
  it('come from the error class, one place for all', () => {
    expect(exitCodeOf(new UsageError('x'))).toBe(ExitCode.usage);
    expect(exitCodeOf(new ModerationError('x', { taskId: 't' }))).toBe(ExitCode.moderation);
    expect(exitCodeOf(new DownloadError('x'))).toBe(ExitCode.download);
    expect(exitCodeOf(new InterruptedError('x'))).toBe(ExitCode.interrupted);
    expect(mostSevere([ExitCode.waitTimeout, ExitCode.download, ExitCode.moderation])).toBe(ExitCode.download);
  });

  it('a stray file-system error is the disk, not a bug: exit 8 and plain words, no stack', () => {
    expect(exitCodeOf(diskFull())).toBe(ExitCode.download);
    let code = 0;
    const text = stderrOf(() => (code = reportError(diskFull(), [])));
    expect(code).toBe(8);
    expect(text).toMatch(/error: a file operation \(write\) failed: the disk is full\./);
    expect(text).toMatch(/runway watch --pending/);
    expect(text).not.toMatch(/ at /);
  });

  it('anything else unexpected is a bug: exit 1 with the stack', () => {
    expect(exitCodeOf(new TypeError('x is undefined'))).toBe(ExitCode.internal);
    expect(exitCodeOf(Object.assign(new Error('no syscall'), { code: 'ENOSPC' }))).toBe(ExitCode.internal);
    let code = 0;
    const text = stderrOf(() => (code = reportError(new TypeError('x is undefined'), [])));
    expect(code).toBe(1);
    expect(text).toMatch(/internal error — this is a bug in runway/);
    expect(text).toMatch(/TypeError: x is undefined\n\s+at /);
  });

  it('server text cannot drive the terminal: escape and control characters are made inert, newlines kept', () => {
    const hostile = new GenerationFailedError('Task t failed: \u001b]0;pwned\u0007\u001b[2Jgone\nsecond line', { taskId: 't' });
    const text = stderrOf(() => reportError(hostile, []));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain(']0;pwned');
    expect(text).toContain('\nsecond line');
  });
});

describe('server messages', () => {
  it('add the issues list, without repeating one the message already quotes', () => {
    const issue = { path: ['model'], message: 'Invalid model "x"' };
    expect(serverMessage(JSON.stringify({ error: 'Validation of body failed', issues: [issue] }))).toBe(
      'Validation of body failed (model: Invalid model "x")',
    );
    expect(serverMessage(JSON.stringify({ error: 'Validation of body failed: model: Invalid model "x"', issues: [issue] }))).toBe(
      'Validation of body failed: model: Invalid model "x"',
    );
    expect(
      serverMessage(JSON.stringify({ error: 'Bad: model: Invalid model "x"', issues: [issue, { path: ['ratio'], message: 'Invalid' }] })),
    ).toBe('Bad: model: Invalid model "x" (ratio: Invalid)');
  });
});

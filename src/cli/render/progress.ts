/**
 * Core events to stderr. On a TTY: an ora spinner with state, percent and elapsed time, then a
 * cli-progress bar for the download. Elsewhere: one plain line per state change and per 25 %
 * of an upload or a download. With --quiet or --json: nothing (errors are printed by report-error).
 */
import { bareTaskId } from '../../core/tasks/task-id.js';
import type { CoreEvent, EventSink } from '../../core/events.js';
import { formatBytes } from '../../core/format-bytes.js';
import { colorEnabled, inert, say, styled, type Piece } from './terminal.js';
import { displayPath } from './output.js';

export interface RenderMode {
  json: boolean;
  quiet: boolean;
  debug: boolean;
  tty: boolean;
}

export function renderMode(
  options: { json?: boolean | undefined; quiet?: boolean | undefined; debug?: boolean | undefined },
  stream: NodeJS.WriteStream = process.stderr,
): RenderMode {
  // A pseudo-terminal with no width (some CI wrappers) cannot host a spinner: use plain lines.
  const tty = stream.isTTY === true && process.env.TERM !== 'dumb' && (stream.columns ?? 0) > 0;
  return { json: options.json === true, quiet: options.quiet === true, debug: options.debug === true, tty };
}

export interface Reporter {
  sink: EventSink;
  /** Stops spinners and bars (call before printing results or errors). */
  stop(): void;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * Our own words for the task's state: providers' raw codes ("2", "NOT_START", "SUCCESS") mean
 * nothing to a reader. THROTTLED is the one raw word worth keeping: it says why it waits.
 */
export function describeStatus(event: Extract<CoreEvent, { type: 'status' }>): string {
  const { task } = event;
  if (task.state === 'pending') {
    const startsIn = task.startsInSeconds !== undefined ? ` (starts in ~${Math.max(1, Math.round(task.startsInSeconds))} s)` : '';
    return `${/^throttled$/i.test(task.rawStatus) ? 'throttled' : 'queued'}${startsIn}`;
  }
  if (task.state === 'running') return task.progress !== undefined ? `running ${Math.round(task.progress * 100)}%` : 'running';
  return task.state;
}

const shortId = (id: string) => bareTaskId(id).slice(0, 8);

const originWords: Partial<Record<string, string>> = {
  'done-before': ' (done earlier)',
  resumed: ' (resumed)',
  placed: ' (placed from an earlier run)',
};

/** A pipeline step's files, as a notice: "step 2 (upscale:4k): clip.mp4 (done earlier)". */
export function stepText(event: Extract<CoreEvent, { type: 'step-saved' }>): string {
  return `${event.name}: ${event.files.map(displayPath).join(', ')}${originWords[event.origin] ?? ''}`;
}

const write = (...pieces: Piece[]) => say(...pieces);

function plainReporter(mode: RenderMode): Reporter {
  // Per task, so that tasks watched at once do not make each other's unchanged state print again.
  const lastStatus = new Map<string, string>();
  const quarters = new Map<string, number>();
  const sink: EventSink = (event) => {
    if (event.type === 'trace') {
      if (mode.debug) write(`debug: ${event.line}`);
      return;
    }
    if (mode.quiet || mode.json) return;
    switch (event.type) {
      case 'warning':
        return write(`runway: warning: ${event.message}`);
      case 'notice':
        return write(`runway: ${event.message}`);
      case 'step-saved':
        return write(`runway: ${stepText(event)}`);
      case 'upload':
        quarters.set(`upload:${event.file}`, 0);
        return write(`runway: uploading ${event.file} (${formatBytes(event.bytes)})`);
      case 'upload-progress': {
        const key = `upload:${event.file}`;
        const quarter = Math.floor((event.sent / event.total) * 4);
        if (quarter <= (quarters.get(key) ?? 0)) return;
        quarters.set(key, quarter);
        return write(`runway: upload ${quarter * 25}% (${formatBytes(event.sent)} of ${formatBytes(event.total)})`);
      }
      case 'created':
        return write(`runway: task ${event.taskId} created`);
      case 'status': {
        const text = describeStatus(event);
        if (lastStatus.get(event.task.id) === event.task.state) return;
        lastStatus.set(event.task.id, event.task.state);
        return write(`runway: task ${shortId(event.task.id)} ${text} (${formatDuration(event.elapsedMs)})`);
      }
      case 'retry':
        return write(`runway: ${event.purpose}: ${event.reason}; retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`);
      case 'download-start':
        quarters.set(`${event.taskId}:${event.index}`, -1);
        return write(`runway: downloading ${displayPath(event.file)}${event.total ? ` (${formatBytes(event.total)})` : ''}`);
      case 'download-progress': {
        if (!event.total) return;
        const key = `${event.taskId}:${event.index}`;
        const quarter = Math.floor((event.bytes / event.total) * 4);
        if (quarter <= (quarters.get(key) ?? -1) || quarter === 0) return;
        quarters.set(key, quarter);
        return write(
          `runway: task ${shortId(event.taskId)} download ${quarter * 25}% (${formatBytes(event.bytes)} of ${formatBytes(event.total)})`,
        );
      }
      case 'download-done':
        return write(`runway: saved ${displayPath(event.file)} (${formatBytes(event.bytes)})`);
    }
  };
  return { sink, stop: () => undefined };
}

async function ttyReporter(mode: RenderMode): Promise<Reporter> {
  const [{ default: ora }, cliProgress] = await Promise.all([import('ora'), import('cli-progress')]);
  const color = colorEnabled();
  const spinner = ora({ stream: process.stderr, color: color ? 'cyan' : false, isEnabled: true, discardStdin: false });
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  let statusText = '';
  let statusSince = Date.now();
  let statusElapsed = 0;
  const ticker = setInterval(() => {
    if (spinner.isSpinning && statusText)
      spinner.text = inert(`${statusText} · ${formatDuration(statusElapsed + Date.now() - statusSince)}`);
  }, 1000);
  ticker.unref();

  const above = (...pieces: Piece[]) => {
    if (bar) bar.stop();
    const spinning = spinner.isSpinning;
    if (spinning) spinner.clear();
    write(...pieces);
    if (spinning) spinner.render();
  };
  // ora and cli-progress print what they are given: it is made inert here first.
  const setText = (text: string) => (spinner.text = inert(text));

  const sink: EventSink = (event) => {
    if (event.type === 'trace') {
      if (mode.debug) above(styled(`debug: ${event.line}`, 'dim'));
      return;
    }
    switch (event.type) {
      case 'warning':
        return above(styled('warning', 'yellow'), `: ${event.message}`);
      case 'notice':
        return above(event.message);
      case 'step-saved':
        return above(stepText(event));
      case 'upload':
        spinner.start(inert(`uploading ${event.file} (${formatBytes(event.bytes)})`));
        return;
      case 'upload-progress':
        setText(
          `uploading ${event.file}: ${Math.floor((event.sent / event.total) * 100)}% (${formatBytes(event.sent)} of ` +
            `${formatBytes(event.total)})`,
        );
        return;
      case 'created':
        spinner.start(inert(`task ${shortId(event.taskId)} created`));
        statusText = `task ${shortId(event.taskId)} created`;
        statusSince = Date.now();
        statusElapsed = 0;
        return;
      case 'status':
        statusText = `task ${shortId(event.task.id)} ${describeStatus(event)}`;
        statusSince = Date.now();
        statusElapsed = event.elapsedMs;
        if (event.task.state === 'succeeded')
          spinner.succeed(inert(`task ${shortId(event.task.id)} succeeded after ${formatDuration(event.elapsedMs)}`));
        else if (event.task.state === 'failed' || event.task.state === 'cancelled')
          spinner.fail(inert(`task ${shortId(event.task.id)} ${describeStatus(event)}`));
        else {
          if (!spinner.isSpinning) spinner.start();
          setText(`${statusText} · ${formatDuration(event.elapsedMs)}`);
        }
        return;
      case 'retry':
        return above(styled(`${event.purpose}: ${event.reason}; retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`, 'dim'));
      case 'download-start':
        if (spinner.isSpinning) spinner.stop();
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format:
              `${inert(event.file.split('/').pop() ?? '')} ${color ? '{bar}' : '[{bar}]'} {percentage}% | {done} of ` +
              `{size} | {speed}/s | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
            barsize: 24,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.total ?? 0, event.resumedFrom, {
          done: formatBytes(event.resumedFrom),
          size: event.total ? formatBytes(event.total) : '?',
          speed: '0 B',
        });
        startedAt = Date.now();
        startBytes = event.resumedFrom;
        return;
      case 'download-progress': {
        if (!bar) return;
        if (event.total) bar.setTotal(event.total);
        const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
        bar.update(event.bytes, {
          done: formatBytes(event.bytes),
          size: event.total ? formatBytes(event.total) : '?',
          speed: formatBytes(Math.round((event.bytes - startBytes) / seconds)),
        });
        return;
      }
      case 'download-done':
        bar?.stop();
        bar = undefined;
        return write(styled('✔', 'green'), ` saved ${displayPath(event.file)} (${formatBytes(event.bytes)})`);
    }
  };
  let startedAt = Date.now();
  let startBytes = 0;
  return {
    sink,
    stop: () => {
      clearInterval(ticker);
      bar?.stop();
      if (spinner.isSpinning) spinner.stop();
    },
  };
}

export async function createReporter(mode: RenderMode): Promise<Reporter> {
  if (mode.tty && !mode.quiet && !mode.json) return ttyReporter(mode);
  return plainReporter(mode);
}

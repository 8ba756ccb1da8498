/** `runway extend <task-id | video-file>`: continue a clip (natively, or from its last frame), n times, and join the film. */
import { UsageError } from '../../core/errors.js';
import { checkSourceKind, extendSource } from '../../core/extend/source.js';
import { planExtension, runExtension } from '../../core/extend/extension.js';
import { dryRun } from '../../core/cost/dry-run.js';
import { withSession } from '../session/with-session.js';
import { openJournal, optionsForTask } from '../session/jobs.js';
import { outputSettings } from '../session/output-settings.js';
import { extrasFromOptions, resolvePrompt } from '../parse/request.js';
import { dryRunWithBudget } from '../render/dry-run.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { say, styled } from '../render/terminal.js';
import type { HandlerContext } from '../handler.js';
import type { GenerationFlags } from '../options/flags.js';

const joinedHow = {
  copied: 'by copying their streams (lossless)',
  're-encoded': 'by re-encoding to H.264 (their codec parameters differ)',
  earlier: 'as an earlier run made them (nothing has changed since)',
} as const;

export interface ExtendFlags extends GenerationFlags {
  times?: number;
  join?: boolean;
  frameUrlCommand?: string;
  frameUrlTimeout?: number;
}

export async function run({ args, options, argv }: HandlerContext<ExtendFlags>): Promise<number> {
  if (options.wait === false)
    throw new UsageError('extend waits for each continuation (each feeds the next, and the film needs them all): drop --no-wait.');
  const given = args[0] as string;
  const known = openJournal().findByTask(given);
  const prompt = await resolvePrompt(options);
  return withSession(optionsForTask(options, known), async ({ session, mode, reporter }) => {
    const source = await extendSource(session, given);
    const plan = await planExtension(session, source, {
      model: options.model,
      prompt,
      ratio: options.ratio as string | undefined,
      duration: options.duration,
      seed: options.seed,
      extras: extrasFromOptions(options),
      times: options.times ?? 1,
      join: options.join !== false,
      frameUrlCommand: options.frameUrlCommand,
      frameUrlSeconds: options.frameUrlTimeout,
    });
    await checkSourceKind(session, source, options.dryRun !== true);
    if (options.dryRun || options.maxCredits !== undefined) {
      const extend = source.taskId ? { taskId: source.taskId, videoUrl: '<the earlier task’s video URL>' } : undefined;
      await dryRunWithBudget(
        plan.steps.map((step, i) => dryRun(session, step.plan, i === 0 && step.plan.request.extendTaskId ? extend : undefined)),
        { dryRun: options.dryRun === true, maxCredits: options.maxCredits, json: mode.json },
      );
      if (options.dryRun) return 0;
    }
    for (const step of plan.steps) for (const message of step.plan.warnings) reporter.sink({ type: 'warning', message });
    reporter.sink({
      type: 'notice',
      message: `${plan.mode === 'native' ? 'Extending natively' : 'Continuing from the last frame'} with ${plan.steps[0]?.plan.model.id}, ${plan.steps.length} time(s).`,
    });
    const out = outputSettings(session, options);
    const done = await runExtension(
      session,
      plan,
      { outDir: out.outDir, command: argv.slice(2) },
      {
        signal: session.signal,
        onDone: (result) => {
          if (result.state === 'succeeded')
            reporter.sink({
              type: 'notice',
              message: `${result.spec.id?.replace(/^step \d+ \((.*)\)$/, '$1')}: ${result.files.map((f) => displayPath(f.file)).join(', ')}${result.origin === 'done-before' ? ' (done earlier)' : ''}`,
            });
        },
      },
    );
    if (done.film)
      reporter.sink({
        type: 'notice',
        message: `Joined ${done.film.clips} clips (${done.film.seconds.toFixed(2)} s) ${joinedHow[done.film.mode]}.`,
      });
    reporter.stop();
    const last = done.results.at(-1);
    const ok = done.results.length === plan.steps.length && last?.state === 'succeeded';
    if (mode.json) {
      printJson({
        source: source.taskId ?? source.file,
        mode: plan.mode,
        status: ok ? 'succeeded' : (last?.state ?? 'error'),
        extensions: done.results.map((r) => ({
          taskId: r.taskId ?? null,
          model: r.model,
          state: r.state,
          files: r.files.map((f) => displayPath(f.file)),
          ...(r.error ? { error: r.error.message } : {}),
        })),
        film: done.film ? displayPath(done.film.file) : null,
      });
    }
    if (!ok) {
      if (last) say(styled('runway: ', 'bold'), `${last.spec.id} ${last.state}: ${last.error?.message ?? ''}`);
      say(
        `${done.results.filter((r) => r.state === 'succeeded').length} of ${plan.steps.length} extensions are done; run the same command again to carry on: none is paid for twice.`,
      );
      return last?.exitCode ?? 1;
    }
    if (!mode.json) {
      if (done.film) printLine(displayPath(done.film.file));
      else for (const result of done.results) for (const file of result.files) printLine(displayPath(file.file));
    }
    return 0;
  });
}

/** An extension's outcome: the film (or the new clips with --no-join) on stdout, or --json; what is left to do when it stopped. */
import { renderPreview } from '../render/dry-run.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { say, styled } from '../render/terminal.js';
import type { ExtendOutcome } from '../../core/extend/command.js';
import type { RenderMode } from '../render/progress.js';

export async function renderExtend(outcome: ExtendOutcome, mode: RenderMode): Promise<number> {
  if (outcome.kind === 'preview') return renderPreview(outcome.preview, mode.json);
  const { results, film, steps, source } = outcome;
  const last = results.at(-1);
  const ok = results.length === steps && last?.state === 'succeeded';
  if (mode.json) {
    printJson({
      source: source.taskId ?? source.file,
      mode: outcome.mode,
      status: ok ? 'succeeded' : (last?.state ?? 'error'),
      extensions: results.map((r) => ({
        taskId: r.taskId ?? null,
        model: r.model,
        state: r.state,
        files: r.files.map((f) => displayPath(f.file)),
        ...(r.error ? { error: r.error.message } : {}),
      })),
      film: film ? displayPath(film.file) : null,
    });
  }
  if (!ok) {
    if (last) say(styled('runway: ', 'bold'), `${last.spec.id} ${last.state}: ${last.error?.message ?? ''}`);
    say(
      `${results.filter((r) => r.state === 'succeeded').length} of ${steps} extensions are done; run the same command ` +
        `again to carry on: none is paid for twice.`,
    );
    return last?.exitCode ?? 1;
  }
  if (!mode.json) {
    if (film) printLine(displayPath(film.file));
    else for (const result of results) for (const file of result.files) printLine(displayPath(file.file));
  }
  return 0;
}

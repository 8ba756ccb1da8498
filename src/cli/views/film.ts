/** Films: a stitched one, and a storyboard's outcome: the film on stdout (or --json), the shots' summary and what the film is made of. */
import { batchExitCode, reportJob, ReportTally } from '../../core/report/report.js';
import { renderPreview } from '../render/dry-run.js';
import { printSummary } from '../render/batch-progress.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { StoryOutcome } from '../../core/story/command.js';
import type { Stitched } from '../../core/media-tools/stitch.js';
import type { RenderMode } from '../render/progress.js';

const joinedHow = {
  copied: 'by copying their streams',
  're-encoded': 'by re-encoding to H.264 (the shots differ in codec parameters)',
  earlier: 'as an earlier run made it (the shots have not changed since)',
} as const;

export async function renderStory(outcome: StoryOutcome, mode: RenderMode): Promise<number> {
  if (outcome.kind === 'preview') return renderPreview(outcome.preview, mode.json);
  const { results, film, sound } = outcome;
  const jobJson = (r: (typeof results)[number]) => ({
    line: r.spec.line,
    id: r.spec.id ?? null,
    state: r.state,
    taskId: r.taskId ?? null,
    files: r.files.map((f) => displayPath(f.file)),
  });
  if (mode.json) {
    printJson({
      film: film ? displayPath(film.file) : null,
      joined: film?.mode ?? null,
      seconds: film?.seconds ?? null,
      shots: results.map(jobJson),
      sound: sound.map(jobJson),
    });
  } else if (film) printLine(displayPath(film.file));
  if (!mode.quiet) {
    const jobs = [...results, ...sound].map(reportJob);
    printSummary(jobs, ReportTally.of(jobs));
    if (film)
      say(`runway: the film ${displayPath(film.file)} joins ${film.clips} shots (${film.seconds.toFixed(2)} s) ${joinedHow[film.mode]}.`);
    else say('runway: no film yet: not every shot is saved. Run the same command again to carry on; no shot is paid for twice.');
  }
  return batchExitCode([...results, ...sound]);
}

export function renderStitched(film: Stitched, options: { json: boolean; quiet: boolean }): number {
  if (options.json) {
    printJson(film);
    return 0;
  }
  const how = film.mode === 'copied' ? 'streams copied, lossless' : 're-encoded to H.264';
  if (!options.quiet) say(`runway: joined ${film.clips} clip(s) into ${displayPath(film.file)} (${film.seconds.toFixed(2)} s, ${how})`);
  printLine(displayPath(film.file));
  return 0;
}

/** The commands about work under way and done: extend, story, stitch, status, watch, upload, cancel, batch, list, prune. */
import { amount, integer, jobFileOptions, providerOptions, seconds, waitOptions } from '../options/options.js';
import { json, type CommandSpec } from './spec.js';

export const workCommands: CommandSpec[] = [
  {
    usage: 'extend <task-id|video>',
    description: 'continue a video n times (natively, else from its last frame with ffmpeg) and join the film',
    handler: () => import('../commands/extend.js'),
    options: async (cmd) => providerOptions(waitOptions((await import('../options/field-options.js')).extendOptions(cmd))),
  },
  {
    usage: 'status <task-id>',
    description: 'query a task once: state, progress, outputs',
    handler: () => import('../commands/status.js'),
    options: providerOptions,
  },
  {
    usage: 'watch [task-ids...]',
    description: 'wait for tasks to finish and save their videos',
    handler: () => import('../commands/watch.js'),
    options: (cmd) =>
      providerOptions(
        waitOptions(
          cmd
            .option('--pending', 'finish every task in the journal that is unfinished or not fully downloaded')
            .option('-c, --concurrency <n>', 'tasks waited on and downloaded at once (default 4)', integer('--concurrency', 1, 64)),
        ),
      ),
  },
  {
    usage: 'stitch <clips...>',
    description: 'join clips into one film (streams copied when they match, else re-encoded to H.264); needs ffmpeg',
    handler: () => import('../commands/stitch.js'),
    options: (cmd) =>
      json(
        cmd
          .requiredOption('-o, --output <file>', 'the film to write (never overwritten: a -1, -2… suffix is added)')
          .option('--crossfade <s>', 'fade each clip into the next over this many seconds (re-encodes)', seconds('--crossfade'))
          .option('-q, --quiet', 'print nothing but the film and errors'),
      ),
  },
  {
    usage: 'upload <file>',
    description: 'upload a local image or video; prints the URI to use as --image',
    handler: () => import('../commands/upload.js'),
    options: providerOptions,
  },
  {
    usage: 'cancel <task-id>',
    description: 'cancel a queued or running task (or delete a finished one)',
    handler: () => import('../commands/cancel.js'),
    options: (cmd) => providerOptions(cmd.option('--force', 'delete a finished task even though its videos are not saved here')),
  },
  {
    usage: 'batch <file>',
    description: 'run many jobs from a JSONL or CSV file ("-" reads stdin)',
    handler: () => import('../commands/batch.js'),
    options: (cmd) =>
      jobFileOptions(
        cmd
          .option('-c, --concurrency <n>', 'jobs running at once (default 4)', integer('--concurrency', 1, 256))
          .option('--shard <i/n>', 'run only the i-th of n slices (for CI matrices)')
          .option('--skip-invalid', 'skip invalid lines instead of refusing to start')
          .option('--retry-failed', 're-submit jobs that failed in an earlier run (they are only re-reported otherwise)')
          .option('--report <file>', 'write the full result as JSON')
          .option(
            '--export-state <file>',
            "keep this file current with the batch's journal records (for `runway state import` on another runner)",
          )
          .option('--junit <file>', 'write JUnit XML (one test case per job)')
          .option('--gallery <dir>', 'write an HTML gallery of the jobs into this folder, kept current as they finish'),
      ),
  },
  {
    usage: 'story <storyboard>',
    description:
      'shots from a JSONL/CSV storyboard (continue: true starts on the last frame of the shot before), joined into one film; needs ffmpeg',
    handler: () => import('../commands/story.js'),
    options: (cmd) =>
      jobFileOptions(
        cmd
          .option(
            '-c, --concurrency <n>',
            'scenes made at once (a shot that continues waits for the one before; default 4)',
            integer('--concurrency', 1, 64),
          )
          .option('--retry-failed', 'make again the shots that failed in an earlier run (they are only re-reported otherwise)')
          .option('--film <file>', 'the film to write (default <storyboard>.mp4 in --out; never overwritten)')
          .option('--crossfade <s>', 'fade each shot into the next over this many seconds (re-encodes)', seconds('--crossfade'))
          .option(
            '--sound <prompt|file>',
            'a sound bed under the whole film: a sound-effect prompt (made with sound_effect) or a local audio file',
          )
          .option(
            '--voice <preset>',
            'the voice of the shots\' "narration" where a shot names none (default Maya; `runway speak --help` lists them)',
          ),
      ),
  },
  {
    usage: 'list',
    description: 'tasks in the journal, newest first',
    handler: () => import('../commands/list.js'),
    options: (cmd) =>
      json(
        cmd
          .option('--pending', 'only tasks that are unfinished, not fully downloaded, or unknown')
          .option('-n, --limit <n>', 'at most n tasks', integer('--limit', 1, 1_000_000)),
      ),
  },
  {
    usage: 'prune',
    description: 'drop settled jobs (saved, failed, cancelled) older than --older-than days from the journal; unfinished ones always stay',
    handler: () => import('../commands/prune.js'),
    options: (cmd) =>
      json(
        cmd
          .option(
            '--older-than <days>',
            'last updated more than this many days ago (default 30; 0 = every settled job)',
            amount('--older-than', 'a number of days', true),
          )
          .option('--dry-run', 'report what would be dropped; change nothing'),
      ),
  },
];

/**
 * Every command, registered in one place. Handlers are imported only when their command runs,
 * so start-up cost stays flat as commands are added.
 */
import { Command, Option } from 'commander';
import { generationOptions, integer, providerOptions, seconds, waitOptions } from './options.js';
import { version } from './version.js';

export interface RunState {
  exitCode: number;
}

export interface HandlerContext {
  args: string[];
  options: Record<string, unknown>;
  command: Command;
  /** Extra fixed options (e.g. the model of a shortcut command). */
  preset: Record<string, unknown>;
  argv: string[];
}

type HandlerModule = { run: (context: HandlerContext) => Promise<number | void> };

function lazy(state: RunState, load: () => Promise<HandlerModule>, preset: Record<string, unknown> = {}) {
  return async (...actionArgs: unknown[]) => {
    const command = actionArgs[actionArgs.length - 1] as Command;
    const args = command.args;
    const { run } = await load();
    const code = await run({ args, options: command.opts(), command, preset, argv: process.argv });
    state.exitCode = code ?? 0;
  };
}

/** Model shortcuts: each is `generate --model <name>`, resolved to the provider's own model. */
export const shortcuts: readonly [string, string][] = [
  ['gen4', 'Gen-4 Turbo (gen4_turbo; gen4 on cometapi)'],
  ['gen4.5', 'Gen-4.5 (text or image to video)'],
  ['gen3', "the provider's Gen-3: gen3a_turbo on the official API, Gen-3 Alpha on web-tasks"],
  ['gen3-turbo', 'Gen-3 Alpha Turbo (gen3a_turbo; needs an image)'],
  ['gen2', 'Gen-2 (web-tasks providers and cometapi)'],
  ['veo3', 'Veo 3'],
  ['veo3.1', 'Veo 3.1'],
  ['veo3.1-fast', 'Veo 3.1 Fast'],
];

export function buildProgram(state: RunState): Command {
  const program = new Command('runway')
    .description('Generate AI videos with Runway models through the official API and reseller gateways, and save the mp4s.')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  const generateHandler = () => import('./commands/generate.js');
  const generate = program.command('generate').description('create a video and save it (see also the model shortcuts)');
  generate.requiredOption('-m, --model <id>', 'model id or shortcut, e.g. gen4_turbo, gen4, gen3');
  providerOptions(waitOptions(generationOptions(generate))).action(lazy(state, generateHandler));

  for (const [name, summary] of shortcuts) {
    const cmd = program.command(name).description(`generate with ${summary}`);
    providerOptions(waitOptions(generationOptions(cmd))).action(lazy(state, generateHandler, { model: name }));
  }

  const extend = program
    .command('extend <task-id>')
    .description('continue an earlier video (web-tasks providers)')
    .option('-p, --prompt <text>', 'text prompt for the continuation; "-" reads stdin')
    .option('--prompt-file <file>', 'read the prompt from a file')
    .option('-m, --model <id>', "model (default: the earlier task's)")
    .option('-d, --duration <seconds>', 'seconds to add: 5 or 10', integer('--duration', 1, 60))
    .option('--seed <n>', 'seed 0..4294967295', integer('--seed', 0, 4294967295))
    .option('--explore', 'explore mode')
    .option('--fast', 'fast mode')
    .option('--watermark', 'ask for a watermark')
    .option('--webhook <url>', 'callback URL')
    .option('--no-wait', 'print the task id and exit')
    .option('--dry-run', 'print the request; send nothing');
  providerOptions(waitOptions(extend)).action(lazy(state, () => import('./commands/extend.js')));

  providerOptions(program.command('status <task-id>').description('query a task once: state, progress, outputs')).action(
    lazy(state, () => import('./commands/status.js')),
  );

  const watch = program
    .command('watch [task-ids...]')
    .description('wait for tasks to finish and save their videos')
    .option('--pending', 'finish every task in the journal that is unfinished or not fully downloaded');
  providerOptions(waitOptions(watch)).action(lazy(state, () => import('./commands/watch.js')));

  providerOptions(program.command('upload <file>').description('upload a local image or video; prints the URI to use as --image')).action(
    lazy(state, () => import('./commands/upload.js')),
  );

  providerOptions(program.command('cancel <task-id>').description('cancel a queued or running task (or delete a finished one)')).action(
    lazy(state, () => import('./commands/cancel.js')),
  );

  const batch = program
    .command('batch <file>')
    .description('run many jobs from a JSONL or CSV file ("-" reads stdin)')
    .option('-c, --concurrency <n>', 'jobs running at once (default 4)', integer('--concurrency', 1, 256))
    .option('--shard <i/n>', 'run only the i-th of n slices (for CI matrices)')
    .option('--skip-invalid', 'skip invalid lines instead of refusing to start')
    .option('--retry-failed', 're-submit jobs that failed in an earlier run (they are only re-reported otherwise)')
    .option('--report <file>', 'write the full result as JSON')
    .option('--junit <file>', 'write JUnit XML (one test case per job)')
    .option('--dry-run', 'print the requests and estimated cost; send nothing')
    .option('--max-credits <n>', 'refuse to start if the estimated total is above n', seconds('--max-credits', true))
    .option('--format <jsonl|csv>', 'input format (default: by extension, else sniffed)');
  providerOptions(waitOptions(batch)).action(lazy(state, () => import('./commands/batch.js')));

  const list = program
    .command('list')
    .description('tasks in the journal, newest first')
    .option('--pending', 'only tasks that are unfinished, not fully downloaded, or unknown')
    .option('-n, --limit <n>', 'at most n tasks', integer('--limit', 1, 1_000_000))
    .option('--json', 'print JSON');
  list.action(lazy(state, () => import('./commands/list.js')));

  providerOptions(program.command('credits').description('show the credit balance (official API)')).action(lazy(state, () => import('./commands/credits.js')));

  program
    .command('providers')
    .description('the provider table: protocol, base URL, models, features')
    .option('--json', 'print JSON')
    .action(lazy(state, () => import('./commands/providers.js')));

  const auth = program.command('auth').description('manage API keys');
  auth
    .command('set <provider>')
    .description('store a key (read from stdin or a hidden prompt, never echoed)')
    .action(lazy(state, () => import('./commands/auth.js'), { action: 'set' }));
  auth
    .command('status')
    .description('where each provider gets its key, masked')
    .option('--json', 'print JSON')
    .action(lazy(state, () => import('./commands/auth.js'), { action: 'status' }));
  auth
    .command('remove <provider>')
    .description('delete a stored key')
    .action(lazy(state, () => import('./commands/auth.js'), { action: 'remove' }));

  const config = program.command('config').description('settings: default-provider, out-dir, poll-interval, timeout, output, providers.<name>.*');
  config.command('get <key>').action(lazy(state, () => import('./commands/config.js'), { action: 'get' }));
  config.command('set <key> <value>').action(lazy(state, () => import('./commands/config.js'), { action: 'set' }));
  config.command('unset <key>').action(lazy(state, () => import('./commands/config.js'), { action: 'unset' }));
  config
    .command('list')
    .option('--json', 'print JSON')
    .action(lazy(state, () => import('./commands/config.js'), { action: 'list' }));
  config.command('path').action(lazy(state, () => import('./commands/config.js'), { action: 'path' }));

  program
    .command('sim')
    .description('run the simulator (every protocol, no cost) and print its base URLs')
    .option('--port <n>', 'API port (default: any free port)', integer('--port', 0, 65535))
    .option('--storage-port <n>', 'storage port (default: any free port)', integer('--storage-port', 0, 65535))
    .option('--run-seconds <s>', 'simulated seconds a task runs (default 4)', seconds('--run-seconds'))
    .option('--queue-seconds <s>', 'simulated seconds a task is queued (default 1)', seconds('--queue-seconds', true))
    .option('--time-scale <x>', 'run simulated time x times faster', seconds('--time-scale'))
    .option('--artifact-size <bytes>', 'size of every generated mp4 (padded, still valid)', integer('--artifact-size', 0, Number.MAX_SAFE_INTEGER))
    .option('--faults <spec>', 'fault script, e.g. "create:503x2,download:cut@40%" (see README)')
    .option('--key <key...>', 'accept only these API keys (default: any)')
    .addOption(new Option('--feed-shape <shape>', 'cometapi feed answer shape').choices(['digits', 'wrapper']))
    .option('--not-found-polls <n>', 'answer task_not_exist to the first n polls of each task (gateways)', integer('--not-found-polls', 0, 1000))
    .option('--json', 'print the URLs as JSON')
    .action(lazy(state, () => import('./commands/sim.js')));

  program
    .command('completion <shell>')
    .description('print a completion script for bash, zsh or fish')
    .action(lazy(state, () => import('./commands/completion.js')));

  return program;
}

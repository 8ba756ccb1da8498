/**
 * Every command, registered in one place. Handlers are imported only when their command runs,
 * so start-up cost stays flat as commands are added.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Command as CommandType, CommanderError as CommanderErrorType } from 'commander';
import { amount, integer, jobFileOptions, providerOptions, seconds, waitOptions } from './options/options.js';
import { toolCommands } from '../providers/official/tools.js';
import { endpointCommands } from '../providers/official/run/commands.js';
import type { HandlerContext } from './handler.js';

// commander is CommonJS: require() skips the ESM-to-CJS bridge (a measurable part of start-up).
const commander = createRequire(import.meta.url)('commander') as typeof import('commander');
const { Command, Option } = commander;
export const CommanderError: typeof CommanderErrorType = commander.CommanderError;
export type Command = CommandType;

export const version: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Pass to buildProgram to build every command's options (completion scripts need them all). */
export const allCommands = Symbol('all commands');

export interface RunState {
  exitCode: number;
}

// Each handler declares the option shape its command's flags give (flags.ts).
type HandlerModule = { run: (context: HandlerContext<never>) => Promise<number | void> };

function lazy(state: RunState, load: () => Promise<HandlerModule>, preset: Record<string, unknown> = {}) {
  return async (...actionArgs: unknown[]) => {
    const command = actionArgs[actionArgs.length - 1] as Command;
    const args = command.args;
    const { run } = await load();
    const code = await run({ args, options: command.opts<never>(), command, preset, argv: process.argv });
    state.exitCode = code ?? 0;
  };
}

/**
 * Model shortcuts: each is `generate --model <name>`, resolved to the provider's own model. The
 * list is derived from the model tables (the official API's catalog first, then the gateways'
 * Gen-2/Gen-3 and the models the official API removed) by `npm run catalog` into a small JSON
 * file, so `--help` loads no model table; a test checks it is current.
 */
export const shortcuts: readonly [string, string][] = createRequire(import.meta.url)('./options/shortcuts.json') as [string, string][];

/**
 * The command named on the command line ("help gen4" names gen4), or undefined for the root.
 * Only that command gets its options built: twenty commands with ~40 options each are a
 * measurable share of start-up, and root help and typo suggestions need only names.
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

interface CommandSpec {
  /** Name and arguments, e.g. "extend <task-id>". */
  usage: string;
  description: string;
  handler: () => Promise<HandlerModule>;
  preset?: Record<string, unknown>;
  /** Adds the command's options; run only for the command being invoked. */
  options?: (cmd: Command) => Command | Promise<Command>;
  /** The heading it is listed under in `runway --help`. */
  group?: string;
  subcommands?: CommandSpec[];
}

const generation = async (cmd: Command) =>
  providerOptions(waitOptions((await import('./options/field-options.js')).generationOptions(cmd)));
const generateHandler = () => import('./commands/generate.js');
const runHandler = () => import('./commands/run.js');
const workflowHandler = () => import('./commands/workflow.js');
const authHandler = () => import('./commands/auth.js');
const configHandler = () => import('./commands/config.js');
const json = (cmd: Command) => cmd.option('--json', 'print JSON');

const commandTable: CommandSpec[] = [
  {
    usage: 'generate',
    description: 'create a video and save it (see also the model shortcuts)',
    handler: generateHandler,
    options: (cmd) => generation(cmd.option('-m, --model <id>', 'model id or shortcut, e.g. gen4_turbo, gen4, seedance2 (or --router)')),
  },
  ...toolCommands.map((tool): CommandSpec => ({
    usage: tool.takesVideo ? `${tool.name} <video>` : tool.name,
    description: tool.description,
    handler: generateHandler,
    preset: { tool: tool.name },
    options: async (cmd) => providerOptions(waitOptions(await (await import('./options/field-options.js')).toolOptions(cmd, tool))),
    group: 'Beyond generation (official API; inputs may be task:<id>):',
  })),
  {
    usage: 'run <endpoint>',
    description: 'run any task endpoint of the official API by its path (sound_effect, recipes/multi_shot_video…) with --param fields',
    handler: runHandler,
    options: async (cmd) => providerOptions(waitOptions((await import('./options/run-options.js')).genericRunOptions(cmd))),
    group: 'Every task endpoint (official API; fields from the SDK catalog):',
  },
  ...endpointCommands.map((command): CommandSpec => ({
    usage: command.argument ? `${command.name} ${command.argument.usage}` : command.name,
    description: command.description,
    handler: runHandler,
    preset: { command: command.name },
    options: async (cmd) => providerOptions(waitOptions((await import('./options/run-options.js')).endpointOptions(cmd, command.name))),
    group: 'Every task endpoint (official API; fields from the SDK catalog):',
  })),
  {
    usage: 'workflow',
    description: 'published workflows of the account (official API): list, show, run',
    handler: workflowHandler,
    group: 'Every task endpoint (official API; fields from the SDK catalog):',
    subcommands: [
      {
        usage: 'list',
        description: 'every published workflow and version',
        handler: workflowHandler,
        preset: { action: 'list' },
        options: providerOptions,
      },
      {
        usage: 'show <id>',
        description: "one workflow's nodes",
        handler: workflowHandler,
        preset: { action: 'show' },
        options: providerOptions,
      },
      {
        usage: 'run <id>',
        description: 'run a workflow and save every output of every node',
        handler: workflowHandler,
        preset: { action: 'run' },
        options: async (cmd) =>
          providerOptions(
            waitOptions(
              (await import('./options/run-options.js')).workflowOptions(
                cmd.option(
                  '--node <node.output=value>',
                  "set a node's input (repeatable): text, a number, true/false, or a file/URL (video:task:<id> for a task's output)",
                  (value: string, previous: string[] = []) => [...previous, value],
                ),
              ),
            ),
          ),
      },
    ],
  },
  ...shortcuts.map(([name, summary]): CommandSpec => ({
    usage: name,
    description: summary,
    handler: generateHandler,
    preset: { model: name },
    options: generation,
    group: 'Model shortcuts (generate --model <id>):',
  })),
  {
    usage: 'extend <task-id|video>',
    description: 'continue a video n times (natively, else from its last frame with ffmpeg) and join the film',
    handler: () => import('./commands/extend.js'),
    options: async (cmd) => providerOptions(waitOptions((await import('./options/field-options.js')).extendOptions(cmd))),
  },
  {
    usage: 'status <task-id>',
    description: 'query a task once: state, progress, outputs',
    handler: () => import('./commands/status.js'),
    options: providerOptions,
  },
  {
    usage: 'watch [task-ids...]',
    description: 'wait for tasks to finish and save their videos',
    handler: () => import('./commands/watch.js'),
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
    handler: () => import('./commands/stitch.js'),
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
    handler: () => import('./commands/upload.js'),
    options: providerOptions,
  },
  {
    usage: 'cancel <task-id>',
    description: 'cancel a queued or running task (or delete a finished one)',
    handler: () => import('./commands/cancel.js'),
    options: (cmd) => providerOptions(cmd.option('--force', 'delete a finished task even though its videos are not saved here')),
  },
  {
    usage: 'batch <file>',
    description: 'run many jobs from a JSONL or CSV file ("-" reads stdin)',
    handler: () => import('./commands/batch.js'),
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
    handler: () => import('./commands/story.js'),
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
    handler: () => import('./commands/list.js'),
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
    handler: () => import('./commands/prune.js'),
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
  {
    usage: 'credits',
    description: 'show the credit balance (official API)',
    handler: () => import('./commands/credits.js'),
    options: providerOptions,
  },
  {
    usage: 'spend',
    description:
      'what was spent, from the journal: settled costs (and estimates of tasks not settled), in all or by model, day, batch or provider',
    handler: () => import('./commands/spend.js'),
    options: (cmd) =>
      providerOptions(
        cmd
          .option('--since <date>', 'only tasks created since: 2026-12-01, an ISO 8601 moment, or 7d (days back)')
          .option('--by <grouping>', 'group by model, day, batch or provider')
          .option('--org', "also show the organization's own usage as the official API reports it"),
      ),
  },
  {
    usage: 'providers',
    description: 'the provider table: protocol, base URL, models, features',
    handler: () => import('./commands/providers.js'),
    options: json,
  },
  {
    usage: 'models',
    description:
      "every model a provider serves: endpoints, inputs, ratios, durations, prompt limit, price (the official API's from the SDK catalog)",
    handler: () => import('./commands/models.js'),
    options: (cmd) => json(cmd.option('--provider <name>', 'provider (default: config default-provider, else runwayml)')),
  },
  {
    usage: 'auth',
    description: 'manage API keys',
    handler: authHandler,
    subcommands: [
      {
        usage: 'set <provider>',
        description: 'store a key (read from stdin or a hidden prompt, never echoed): in the 0600 config file, or the OS keyring',
        handler: authHandler,
        preset: { action: 'set' },
        options: (cmd) =>
          cmd
            .option('--keyring', 'keep it in the OS keyring (Keychain, Credential Manager, Secret Service) instead of the file')
            .option('--file', 'keep it in the 0600 config file (the default, unless the key-store setting says keyring)'),
      },
      {
        usage: 'move <provider>',
        description: 'move a stored key between the file and the OS keyring',
        handler: authHandler,
        preset: { action: 'move' },
        options: (cmd) => cmd.requiredOption('--to <place>', 'keyring or file'),
      },
      {
        usage: 'status',
        description: 'where each provider gets its key, masked',
        handler: authHandler,
        preset: { action: 'status' },
        options: json,
      },
      {
        usage: 'remove <provider>',
        description: 'delete a stored key (from the file and the OS keyring)',
        handler: authHandler,
        preset: { action: 'remove' },
      },
    ],
  },
  {
    usage: 'router',
    description: 'Model Router configs of the account (official API): a config picks the model for `generate --router`',
    handler: () => import('./commands/router.js'),
    subcommands: [
      {
        usage: 'list',
        description: 'every router config',
        handler: () => import('./commands/router.js'),
        preset: { action: 'list' },
        options: providerOptions,
      },
      {
        usage: 'show <id>',
        description: "one config's settings",
        handler: () => import('./commands/router.js'),
        preset: { action: 'show' },
        options: providerOptions,
      },
      {
        usage: 'create <slug>',
        description: 'save a router config (its slug is what --router names)',
        handler: () => import('./commands/router.js'),
        preset: { action: 'create' },
        options: (cmd) =>
          providerOptions(
            cmd
              .option('--model <id>', 'only these models (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
              .option('--optimize-for <what>', 'cost (default), latency or quality')
              .option(
                '--max-credits-video <n>',
                'credit ceiling per video: costlier models are never picked',
                amount('--max-credits-video', 'a number of credits'),
              )
              .option('--max-credits-image <n>', 'credit ceiling per image', amount('--max-credits-image', 'a number of credits'))
              .option('--fallback', 'pick the next model when the best one is at capacity, instead of queueing')
              .option('--name <name>', 'a display name')
              .option('--description <text>', 'a description'),
          ),
      },
    ],
  },
  {
    usage: 'report',
    description: 'combine the reports of a sharded batch',
    handler: () => import('./commands/report.js'),
    subcommands: [
      {
        usage: 'merge <reports...>',
        description: "one report (and JUnit file) from the shards' --report files; refuses different batches and overlapping shards",
        handler: () => import('./commands/report.js'),
        options: (cmd) =>
          cmd
            .option('-o, --output <file>', 'write the merged report here (default: stdout)')
            .option('--junit <file>', 'write JUnit XML with every job')
            .option('--allow-partial', 'merge even when some shards have no report (refused by default)')
            .option('--gallery <dir>', 'also write an HTML gallery of the merged jobs into this folder')
            .option('-q, --quiet', 'print nothing but errors'),
      },
    ],
  },
  {
    usage: 'state',
    description: 'carry the task journal between machines (CI runners): export it, import it elsewhere',
    handler: () => import('./commands/state.js'),
    subcommands: [
      {
        usage: 'export',
        description: "write the journal records (of every job, or of one batch's jobs) to a file, atomically",
        handler: () => import('./commands/state.js'),
        preset: { action: 'export' },
        options: (cmd) =>
          json(
            cmd
              .option('--batch <file>', "only this batch file's jobs")
              .option('-o, --output <file>', 'where (default runway-state.jsonl; - for stdout)')
              .option('-q, --quiet', 'print nothing but errors'),
          ),
      },
      {
        usage: 'import <files...>',
        description: "merge exported state into this machine's journal (idempotent; a job keeps its most advanced state; - reads stdin)",
        handler: () => import('./commands/state.js'),
        preset: { action: 'import' },
        options: (cmd) =>
          json(
            cmd
              .option('--out <dir>', 'where the imported jobs save their files here (default: config out-dir, else the current directory)')
              .option(
                '--base-url <url>',
                "also accept jobs created at this base URL (repeatable; by default only the provider's own here, or loopback)",
                (value: string, previous: string[] = []) => [...previous, value],
              )
              .option('-q, --quiet', 'print nothing but errors'),
          ),
      },
    ],
  },
  {
    usage: 'config',
    description: 'settings: default-provider, out-dir, poll-interval, timeout, output, providers.<name>.*',
    handler: configHandler,
    subcommands: [
      { usage: 'get <key>', description: 'print a setting', handler: configHandler, preset: { action: 'get' } },
      { usage: 'set <key> <value>', description: 'change a setting', handler: configHandler, preset: { action: 'set' } },
      { usage: 'unset <key>', description: 'remove a setting', handler: configHandler, preset: { action: 'unset' } },
      {
        usage: 'list',
        description: 'every setting (stored keys are not shown)',
        handler: configHandler,
        preset: { action: 'list' },
        options: json,
      },
      { usage: 'path', description: 'where the config file is', handler: configHandler, preset: { action: 'path' } },
    ],
  },
  {
    usage: 'sim',
    description: 'run the simulator (every protocol, no cost) and print its base URLs',
    handler: () => import('./commands/sim.js'),
    options: (cmd) =>
      json(
        cmd
          .option('--port <n>', 'API port (default: any free port)', integer('--port', 0, 65535))
          .option('--storage-port <n>', 'storage port (default: any free port)', integer('--storage-port', 0, 65535))
          .option('--run-seconds <s>', 'simulated seconds a task runs (default 4)', seconds('--run-seconds'))
          .option('--queue-seconds <s>', 'simulated seconds a task is queued (default 1)', seconds('--queue-seconds', true))
          .option('--time-scale <x>', 'run simulated time x times faster', amount('--time-scale', 'a speed-up factor'))
          .option(
            '--artifact-size <bytes>',
            'size of every generated mp4 (padded, still valid)',
            integer('--artifact-size', 0, Number.MAX_SAFE_INTEGER),
          )
          .option('--faults <spec>', 'fault script, e.g. "create:503x2,download:cut@40%" (see README)')
          .option('--key <key...>', 'accept only these API keys (default: any)')
          .option('--credits <n>', 'starting credit balance (default 1000000)', integer('--credits', 0, Number.MAX_SAFE_INTEGER))
          .option(
            '--price <model=credits>',
            'what a model costs here, in credits per second (per image for image models); repeatable or comma-separated',
            (value: string, previous: string[] = []) => [...previous, value],
          )
          .addOption(new Option('--feed-shape <shape>', 'cometapi feed answer shape').choices(['digits', 'wrapper']))
          .option(
            '--not-found-polls <n>',
            'answer task_not_exist to the first n polls of each task (gateways)',
            integer('--not-found-polls', 0, 1000),
          ),
      ),
  },
  {
    usage: 'gallery',
    description: 'one HTML page of what was made: clips that play, prompts, costs, failures; search, filters, side-by-side compare',
    handler: () => import('./commands/gallery.js'),
    options: (cmd) =>
      json(
        cmd
          .option('-o, --out <dir>', 'the folder to write index.html into (default ./runway-gallery)')
          .option('--batch <file>', "only this batch file's jobs")
          .option(
            '--report <file>',
            "the jobs of a batch report (repeatable: a sharded batch's reports)",
            (value: string, previous: string[] = []) => [...previous, value],
          )
          .option('--since <date>', 'only jobs created since: 2026-12-01, an ISO 8601 moment, or 7d')
          .option(
            '--state <state>',
            'only jobs in this state (repeatable or comma-separated): succeeded, failed, running…',
            (value: string, previous: string[] = []) => [...previous, value],
          )
          .option('--model <id>', 'only jobs of this model (repeatable or comma-separated)', (value: string, previous: string[] = []) => [
            ...previous,
            value,
          ])
          .option('--copy-media', 'copy the files into the gallery folder (a self-contained artifact) instead of linking them')
          .option('--title <text>', "the page's title")
          .option('--open', "open the page in the desktop's browser")
          .option('-q, --quiet', 'print nothing but the page and errors'),
      ),
  },
  {
    usage: 'doctor',
    description: 'what works here: Node, ffmpeg, keys (masked), providers answering, the journal, disk, proxy; exit 1 on a problem',
    handler: () => import('./commands/doctor.js'),
    options: (cmd) =>
      json(
        cmd
          .option('--offline', 'ask no provider (no network)')
          .option('--out <dir>', 'the output folder whose free space is checked (default: config out-dir, else the current directory)'),
      ),
  },
  {
    usage: 'mcp',
    description: 'serve the tools to agents over the Model Context Protocol (stdio): generate, wait, status, list, estimate…',
    handler: () => import('./commands/mcp.js'),
    options: (cmd) =>
      cmd
        .option('--provider <name>', 'provider (default: config default-provider, else runwayml)')
        .option('--base-url <url>', "override the provider's base URL")
        .option('--api-key <key>', 'API key (prefer `runway auth set` or an env var)')
        .option('--allow-insecure', 'allow a plain http:// base URL that is not loopback')
        .option('--out <dir>', 'where every saved file goes (default: config out-dir, else the current directory)')
        .option('--poll-interval <sec>', "minimum seconds between status checks (default: the provider's)", seconds('--poll-interval'))
        .option(
          '--max-credits <n>',
          'credits the server may spend in all (counted from the journal)',
          amount('--max-credits', 'a number of credits', true),
        )
        .option(
          '--root <dir>',
          "where local inputs may be (repeatable; default: the client's roots, else the current directory)",
          (value: string, previous: string[] = []) => [...previous, value],
        )
        .option('--allow-provider-choice', 'let a tool name one of the configured providers (never a URL or a key)'),
  },
  {
    usage: 'completion <shell>',
    description: 'print a completion script for bash, zsh or fish',
    handler: () => import('./commands/completion.js'),
  },
];

async function addCommand(parent: Command, spec: CommandSpec, state: RunState, detailed: boolean): Promise<void> {
  const cmd = parent.command(spec.usage).description(spec.description);
  if (spec.group) cmd.helpGroup(spec.group);
  if (spec.subcommands) {
    for (const sub of spec.subcommands) await addCommand(cmd, sub, state, detailed);
    return;
  }
  cmd.action(lazy(state, spec.handler, spec.preset));
  if (detailed) await spec.options?.(cmd);
}

export async function buildProgram(state: RunState, invoked: string | undefined | typeof allCommands): Promise<Command> {
  const program = new Command('runway')
    .description('Generate AI videos with Runway models through the official API and reseller gateways, and save the mp4s.')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const spec of commandTable) {
    const name = spec.usage.split(' ')[0] as string;
    await addCommand(program, spec, state, invoked === allCommands || invoked === name);
  }
  return program;
}

/** The commands about this machine and its neighbours: report, state, config, sim, gallery, doctor, mcp, completion. */
import { createRequire } from 'node:module';
import { amount, integer, seconds } from '../options/options.js';
import { configHandler, json, type CommandSpec } from './spec.js';

// commander is CommonJS: require() skips the ESM-to-CJS bridge (a measurable part of start-up).
const { Option } = createRequire(import.meta.url)('commander') as typeof import('commander');

export const machineCommands: CommandSpec[] = [
  {
    usage: 'report',
    description: 'combine the reports of a sharded batch',
    handler: () => import('../commands/report.js'),
    subcommands: [
      {
        usage: 'merge <reports...>',
        description: "one report (and JUnit file) from the shards' --report files; refuses different batches and overlapping shards",
        handler: () => import('../commands/report.js'),
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
    handler: () => import('../commands/state.js'),
    subcommands: [
      {
        usage: 'export',
        description: "write the journal records (of every job, or of one batch's jobs) to a file, atomically",
        handler: () => import('../commands/state.js'),
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
        handler: () => import('../commands/state.js'),
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
    handler: () => import('../commands/sim.js'),
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
    handler: () => import('../commands/gallery.js'),
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
    handler: () => import('../commands/doctor.js'),
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
    handler: () => import('../commands/mcp.js'),
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
    handler: () => import('../commands/completion.js'),
  },
];

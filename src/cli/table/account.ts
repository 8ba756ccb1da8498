/** The commands about the account and what it offers: credits, spend, providers, models, auth, router. */
import { amount, providerOptions } from '../options/options.js';
import { authHandler, json, type CommandSpec } from './spec.js';

export const accountCommands: CommandSpec[] = [
  {
    usage: 'credits',
    description: 'show the credit balance (official API)',
    handler: () => import('../commands/credits.js'),
    options: providerOptions,
  },
  {
    usage: 'spend',
    description:
      'what was spent, from the journal: settled costs (and estimates of tasks not settled), in all or by model, day, batch or provider',
    handler: () => import('../commands/spend.js'),
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
    handler: () => import('../commands/providers.js'),
    options: json,
  },
  {
    usage: 'models',
    description:
      "every model a provider serves: endpoints, inputs, ratios, durations, prompt limit, price (the official API's from the SDK catalog)",
    handler: () => import('../commands/models.js'),
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
    handler: () => import('../commands/router.js'),
    subcommands: [
      {
        usage: 'list',
        description: 'every router config',
        handler: () => import('../commands/router.js'),
        preset: { action: 'list' },
        options: providerOptions,
      },
      {
        usage: 'show <id>',
        description: "one config's settings",
        handler: () => import('../commands/router.js'),
        preset: { action: 'show' },
        options: providerOptions,
      },
      {
        usage: 'create <slug>',
        description: 'save a router config (its slug is what --router names)',
        handler: () => import('../commands/router.js'),
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
];

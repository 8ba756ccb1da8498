/**
 * The commands that make things: generate and the model shortcuts, the official API's endpoint
 * commands (upscale, image…), `run` and the task-endpoint commands, workflows.
 */
import { providerOptions, waitOptions } from '../options/options.js';
import { toolCommands } from '../../providers/official/tools.js';
import { endpointCommands } from '../../providers/official/run/commands.js';
import { shortcuts } from './shortcuts.js';
import { generation, generateHandler, runHandler, workflowHandler, type CommandSpec } from './spec.js';

export const generationCommands: CommandSpec[] = [
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
    options: async (cmd) => providerOptions(waitOptions(await (await import('../options/field-options.js')).toolOptions(cmd, tool))),
    group: 'Beyond generation (official API; inputs may be task:<id>):',
  })),
  {
    usage: 'run <endpoint>',
    description: 'run any task endpoint of the official API by its path (sound_effect, recipes/multi_shot_video…) with --param fields',
    handler: runHandler,
    options: async (cmd) => providerOptions(waitOptions((await import('../options/run-options.js')).genericRunOptions(cmd))),
    group: 'Every task endpoint (official API; fields from the SDK catalog):',
  },
  ...endpointCommands.map((command): CommandSpec => ({
    usage: command.argument ? `${command.name} ${command.argument.usage}` : command.name,
    description: command.description,
    handler: runHandler,
    preset: { command: command.name },
    options: async (cmd) => providerOptions(waitOptions((await import('../options/run-options.js')).endpointOptions(cmd, command.name))),
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
              (await import('../options/run-options.js')).workflowOptions(
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
];

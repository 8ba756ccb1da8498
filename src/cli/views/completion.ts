/** Completion scripts for bash, zsh and fish, written from the command tree itself (so they cannot drift). */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { presets } from '../../providers/presets.js';
import { catalogOf } from '../../providers/protocols.js';
import { printLine } from '../render/output.js';

export interface CommandInfo {
  name: string;
  description: string;
  options: string[];
  subcommands: CommandInfo[];
}

export function describe(command: Command): CommandInfo {
  return {
    name: command.name(),
    description: command.description().replace(/\s+/g, ' '),
    options: command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)),
    subcommands: command.commands.map(describe),
  };
}

const valueFlags = {
  providers: ['--provider'],
  models: ['--model', '-m'],
  files: ['--image', '-i', '--last-frame', '--video', '--prompt-file', '--report', '--junit'],
  dirs: ['--out'],
};

function words(): { providers: string[]; models: string[] } {
  const models = new Set<string>();
  for (const preset of presets) for (const model of catalogOf(preset)) [model.id, ...model.shortcuts].forEach((m) => models.add(m));
  return { providers: presets.map((p) => p.name), models: [...models] };
}

function bash(commands: CommandInfo[]): string {
  const { providers, models } = words();
  const cases = commands.map((c) =>
    c.subcommands.length > 0
      ? `    ${c.name}) if [[ $COMP_CWORD -eq 2 ]]; then opts="${c.subcommands.map((s) => s.name).join(' ')}"; else ` +
        `opts="${[...new Set(c.subcommands.flatMap((s) => s.options))].join(' ')} ${providers.join(' ')}"; fi ;;`
      : `    ${c.name}) opts="${c.options.join(' ')}" ;;`,
  );
  return `# bash completion for runway. Load with: source <(runway completion bash)
_runway() {
  local cur prev opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=( $(compgen -W "${commands.map((c) => c.name).join(' ')} --help --version" -- "$cur") )
    return 0
  fi
  case "$prev" in
    ${valueFlags.providers.join('|')}) COMPREPLY=( $(compgen -W "${providers.join(' ')}" -- "$cur") ); return 0 ;;
    ${valueFlags.models.join('|')}) COMPREPLY=( $(compgen -W "${models.join(' ')}" -- "$cur") ); return 0 ;;
    ${valueFlags.files.join('|')}) COMPREPLY=( $(compgen -f -- "$cur") ); return 0 ;;
    ${valueFlags.dirs.join('|')}) COMPREPLY=( $(compgen -d -- "$cur") ); return 0 ;;
  esac
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
    *) opts="" ;;
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  [[ \${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=( $(compgen -f -- "$cur") )
  return 0
}
complete -F _runway runway
`;
}

function zsh(commands: CommandInfo[]): string {
  const { providers, models } = words();
  const quote = (text: string) => text.replace(/'/g, "'\\''").replace(/:/g, '\\:');
  const cases = commands.map(
    (c) => `    ${c.name}) opts=(${(c.subcommands.length > 0 ? c.subcommands.map((s) => s.name) : c.options).join(' ')}) ;;`,
  );
  return `#compdef runway
# zsh completion for runway. Load with: source <(runway completion zsh)
_runway() {
  local -a commands opts
  commands=(
${commands.map((c) => `    '${quote(c.name)}:${quote(c.description)}'`).join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case "\${words[CURRENT-1]}" in
    ${valueFlags.providers.join('|')}) compadd -- ${providers.join(' ')}; return ;;
    ${valueFlags.models.join('|')}) compadd -- ${models.join(' ')}; return ;;
    ${valueFlags.files.join('|')}) _files; return ;;
    ${valueFlags.dirs.join('|')}) _files -/; return ;;
  esac
  case "\${words[2]}" in
${cases.join('\n')}
    *) opts=() ;;
  esac
  compadd -- \${opts[@]}
  _files
}
compdef _runway runway
`;
}

function fish(commands: CommandInfo[]): string {
  const { providers, models } = words();
  const esc = (text: string) => text.replace(/'/g, "\\'");
  const lines = ['# fish completion for runway. Load with: runway completion fish | source', 'complete -c runway -f'];
  for (const c of commands) {
    lines.push(`complete -c runway -n '__fish_use_subcommand' -a '${c.name}' -d '${esc(c.description)}'`);
    for (const s of c.subcommands)
      lines.push(`complete -c runway -n '__fish_seen_subcommand_from ${c.name}' -a '${s.name}' -d '${esc(s.description)}'`);
    for (const flag of c.options.filter((f) => f.startsWith('--'))) {
      const name = flag.slice(2);
      const values = valueFlags.providers.includes(flag)
        ? ` -r -a '${providers.join(' ')}'`
        : valueFlags.models.includes(flag)
          ? ` -r -a '${models.join(' ')}'`
          : valueFlags.files.includes(flag) || valueFlags.dirs.includes(flag)
            ? ' -r -F'
            : '';
      lines.push(`complete -c runway -n '__fish_seen_subcommand_from ${c.name}' -l ${name}${values}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function renderCompletion(shell: string | undefined, commands: CommandInfo[]): number {
  const generators: Record<string, (c: CommandInfo[]) => string> = { bash, zsh, fish };
  const generate = shell ? generators[shell] : undefined;
  if (!generate) throw new UsageError(`Unknown shell "${shell}"; use bash, zsh or fish.`);
  printLine(generate(commands).trimEnd());
  return 0;
}

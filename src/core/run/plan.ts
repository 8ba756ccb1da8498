/**
 * Planning a run of a task endpoint (`runway run`, and sound, speak, dub… which are runs with
 * friendlier flags): the body built from what was given and typed by the catalog, every media
 * input found through the catalog and checked like --image (kind, size, whole), the exact body
 * checked against the catalog. No network: everything wrong exits 2 before a single request.
 */
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { closest } from '../session/suggest.js';
import { classifyMedia, describeMedia, type MediaRef } from '../../providers/media-ref.js';
import { guessMedia } from './guess-media.js';
import { BodyBuilder, type Assignment, type Body, type MediaGuess } from '../../providers/official/run/assign.js';
import { mediaSlots } from '../../providers/official/run/slots.js';
import { catalogEndpoint, runModel, taskEndpoints } from '../../providers/official/run/endpoints.js';
import { checkBody, issueText } from '../../providers/official/catalog/check.js';
import { officialCatalog } from '../../providers/official/catalog/index.js';
import { checkPlannedBody, inspectFiles, invalidRequest, type GenerationPlan } from '../generation/plan.js';
import { kindOfMime } from '../inputs/input-kind.js';
import type { RunRequest } from '../../providers/validate.js';
import type { ResolvedProvider } from '../session/providers.js';
import type { RunAsk } from './ask.js';

export function unknownEndpoint(name: string): UsageError {
  const all = taskEndpoints();
  const near = all.filter((e) => e.includes(name) || name.includes(e.split('/').at(-1) as string));
  const suggestion = closest(name, all);
  const close = [...new Set([...(suggestion ? [suggestion] : []), ...near])].slice(0, 4);
  return new UsageError(
    `${name} is not a task endpoint of the official API.${close.length > 0 ? ` Did you mean ${close.join(' or ')}?` : ''}`,
    { hint: `Endpoints: ${all.join(', ')}.` },
  );
}

/** What each media input of the body is, refused where it can never be sent. */
function runMedia(
  body: Body,
  endpoint: string,
  flags: ReadonlyMap<string, string>,
  provider: ResolvedProvider,
  recognize: (ref: MediaRef, flag: string) => MediaRef,
): RunRequest['media'] {
  const described = catalogEndpoint(endpoint);
  if (!described) return [];
  const problems: string[] = [];
  const media = mediaSlots(described, body).map(({ path, value, kind }) => {
    const flag = flags.get(path.join('.')) ?? flags.get(path[0] as string) ?? `--param ${path.join('.')}`;
    const ref = recognize(classifyMedia(value), flag);
    if (ref.kind === 'invalid') problems.push(`${flag} "${ref.text}" is not usable: ${ref.reason}.`);
    else if (ref.kind === 'insecure-url') problems.push(`${flag} must be an https:// URL, a local file or a data URI (got ${ref.url}).`);
    else if (ref.kind === 'runway' && !provider.preset.features.upload)
      problems.push(`${flag} ${ref.uri}: runway:// URIs work only on the official API itself.`);
    else if (ref.kind === 'data' && (kindOfMime(ref.mime) !== kind || kindOfMime(ref.sniffed) !== kind))
      problems.push(`${flag}: the data URI is ${describeMedia(ref)}, but ${path.join('.')} takes ${kind}.`);
    return { path, ref, kind, flag };
  });
  if (problems.length > 0) throw invalidRequest(problems);
  return media;
}

/** The text a run is about, for file names and lists: its prompt, or the words spoken. */
function promptOf(body: Body): string | undefined {
  const speech = body.speech as Body | undefined;
  const found = [body.promptText, body.prompt, speech?.text, (body.input as Body | undefined)?.promptText].find(
    (v) => typeof v === 'string',
  );
  return typeof found === 'string' ? found : undefined;
}

/** What a plan needs of a run's ask; `baseDir`: where relative paths are (a batch file's folder). */
export type RunFields = Pick<RunAsk, 'endpoint' | 'model' | 'input' | 'assignments' | 'defaults'> & { baseDir?: string | undefined };

/**
 * How a front end vets what a run reads: `recognize` turns a bare task id of the journal into a
 * task input (task-input.ts) or refuses a path outside its roots (confine.ts); `guess` looks at
 * what a shorthand value names (guess-media.ts), only where it may look.
 */
export interface RunGuards {
  recognize?: (ref: MediaRef, flag: string) => MediaRef;
  guess?: (value: string) => MediaGuess;
}

export async function planRun(provider: ResolvedProvider, ask: RunFields, guards: RunGuards = {}): Promise<GenerationPlan> {
  const recognize = guards.recognize ?? ((ref: MediaRef) => ref);
  const described = catalogEndpoint(ask.endpoint);
  if (!described) throw unknownEndpoint(ask.endpoint);
  if (provider.preset.protocol !== 'official')
    throw new UsageError(
      `${ask.endpoint} is an endpoint of the official API; ${provider.preset.name} speaks the ${provider.preset.protocol} protocol.`,
      { hint: 'Use --provider runwayml (or a provider on the official protocol).' },
    );
  const builder = new BodyBuilder(described, ask.endpoint, guards.guess ?? guessMedia);
  const assignments: Assignment[] = [];
  for (const [name, value] of Object.entries(ask.input ?? {}))
    assignments.push({ path: [name], value, raw: false, flag: `--input ${name}` });
  if (ask.model !== undefined) {
    if (described.key !== 'model')
      throw new UsageError(
        `${ask.endpoint} takes no model${described.key ? ` (its variants are by ${described.key})` : ''}: drop --model.`,
      );
    assignments.push({ path: ['model'], value: ask.model, raw: false, flag: '--model' });
  }
  assignments.push(...ask.assignments);
  builder.assignAll(assignments);
  const { body } = builder;
  // An endpoint with one model has nothing to choose.
  if (described.key === 'model' && body.model === undefined && described.variants.length === 1) body.model = described.variants[0]?.id;
  for (const [name, value] of Object.entries(ask.defaults ?? {})) if (body[name] === undefined) body[name] = value;
  if (builder.problems.length > 0) throw invalidRequest(builder.problems);
  const known = checkBody(officialCatalog, ask.endpoint, body).find((i) => i.path[0] === described.key);
  if (known) throw invalidRequest([`${ask.endpoint}: ${issueText(known)}`]);
  // The key first, as the API's own examples write it.
  const ordered =
    described.key !== undefined && body[described.key] !== undefined ? { [described.key]: body[described.key], ...body } : body;
  return planBody(provider, ask, ordered, recognize);
}

async function planBody(
  provider: ResolvedProvider,
  ask: RunFields,
  body: Body,
  recognize: (ref: MediaRef, flag: string) => MediaRef,
): Promise<GenerationPlan> {
  const flags = new Map(ask.assignments.map((a) => [a.path.join('.'), a.flag]));
  const media = runMedia(body, ask.endpoint, flags, provider, (ref, flag) =>
    recognize(
      ask.baseDir !== undefined && ref.kind === 'file' && !isAbsolute(ref.path)
        ? { kind: 'file', path: resolve(ask.baseDir, ref.path) }
        : ref,
      flag,
    ),
  );
  const run: RunRequest = { endpoint: ask.endpoint, body, media };
  const request = { prompt: promptOf(body), extras: {}, run };
  const warnings: string[] = [];
  const files = await inspectFiles(provider, request, warnings);
  const variant = catalogEndpoint(ask.endpoint)?.key;
  const plan: GenerationPlan = {
    provider,
    model: runModel(ask.endpoint, variant === undefined ? '' : typeof body[variant] === 'string' ? body[variant] : ''),
    request,
    ratio: typeof body.ratio === 'string' ? body.ratio : undefined,
    duration: typeof body.duration === 'number' ? body.duration : undefined,
    seed: typeof body.seed === 'number' ? body.seed : undefined,
    files,
    warnings,
  };
  checkPlannedBody(plan);
  return plan;
}

/**
 * A storyboard's sound: a shot's `narration` (spoken by text_to_speech in its `voice`, or the
 * story's --voice) and the story's --sound (a sound-effect prompt made with sound_effect, or a
 * local audio file) laid under the film. Each spoken or generated piece is a keyed, journaled job
 * like a shot — planned, priced and checked before anything is paid for, made again only when
 * what it says changes. A narration that would not fit its shot is refused here, before any create.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { classifyMedia } from '../../providers/media-ref.js';
import { inspectLocalFile } from '../inputs/media.js';
import { planRun } from '../run/plan.js';
import { outputPlace } from '../session/defaults.js';
import type { BatchJob } from '../batch/run.js';
import type { BatchSettings } from '../batch/prepare.js';
import type { SessionPool } from '../session/pool.js';
import type { ConfigStore } from '../session/config.js';
import type { Assignment } from '../../providers/official/run/assign.js';
import type { Shot } from './story.js';

/** What a voice says in a second, about: a narration's length is judged by it before anything is made. */
export const wordsPerSecond = 2.5;

/** The voice and models a story speaks and sounds with, unless told otherwise. */
const narrationModel = 'eleven_multilingual_v2';
const defaultVoice = 'Maya';
const soundModel = 'eleven_text_to_sound_v2';
/** sound_effect makes at most this much; a longer film loops its bed. */
const longestSound = 30;

export interface StorySoundAsk {
  /** --sound: a sound-effect prompt, or a local audio file. */
  sound?: string | undefined;
  /** --voice: the narration's voice where a shot names none. */
  voice?: string | undefined;
}

export interface StorySound {
  /** The jobs that make sound: each narration, and the bed when it is made from a prompt. */
  jobs: BatchJob[];
  /** A shot's narration job, by the shot's line. */
  narrations: Map<number, BatchJob>;
  /** The bed: a local file, or the job that makes it. */
  bed?: { file: string } | { job: BatchJob } | undefined;
}

const hashed = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);

export function spokenSeconds(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length / wordsPerSecond;
}

const value = (path: string, given: unknown, flag: string): Assignment => ({ path: [path], value: given, raw: false, flag });

/** The film's length as planned: the shots' lengths less the crossfades (undefined when a shot's length is the model's choice). */
function plannedSeconds(shots: readonly Shot[], crossfade: number): number | undefined {
  const lengths = shots.map((s) => s.job.plan.duration);
  if (lengths.some((d) => d === undefined)) return undefined;
  return (lengths as number[]).reduce((sum, d) => sum + d, 0) - crossfade * Math.max(0, shots.length - 1);
}

export async function prepareSound(
  shots: readonly Shot[],
  ask: StorySoundAsk,
  settings: Pick<BatchSettings, 'provider' | 'baseUrl' | 'out'> & { crossfade?: number | undefined },
  scope: { sessions: SessionPool; config: ConfigStore; source: string },
): Promise<StorySound | undefined> {
  const spoken = shots.filter((s) => s.narration !== undefined);
  if (spoken.length === 0 && ask.sound === undefined) return undefined;
  const session = await scope.sessions.get(settings.provider, settings.baseUrl);
  if (!session.provider.preset.features.officialCatalog)
    throw new UsageError(
      `Narration and --sound are spoken and made by the official API (text_to_speech, sound_effect); ${session.name} has neither.`,
      { hint: 'Run the story with --provider runwayml, or give "provider" on the shots that need another one.' },
    );
  const problems: string[] = [];
  for (const shot of spoken) {
    const text = shot.narration?.text as string;
    const seconds = shot.job.plan.duration;
    const at = `${scope.source}:${shot.job.spec.line}`;
    if (seconds === undefined) problems.push(`${at}: a shot with narration needs a known length: give it a duration.`);
    else if (spokenSeconds(text) > seconds)
      problems.push(
        `${at}: the narration takes about ${spokenSeconds(text).toFixed(1)} s to say (${text.trim().split(/\s+/).length} words), ` +
          `longer than its ${seconds} s shot: shorten it, or make the shot longer.`,
      );
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'), { hint: 'Nothing was submitted.' });
  const { outDir } = outputPlace(scope.config, { out: settings.out });
  const jobOf = (key: string, line: number, id: string, plan: Awaited<ReturnType<typeof planRun>>): BatchJob => ({
    spec: { line, index: line, id, key, model: plan.model.id, options: {} },
    session,
    plan,
    outDir,
    previous: session.journal.latestForKey(key),
  });
  const narrations = new Map<number, BatchJob>();
  for (const shot of spoken) {
    const { text, voice = ask.voice ?? defaultVoice } = shot.narration as { text: string; voice?: string };
    const plan = await planRun(session.provider, {
      endpoint: 'text_to_speech',
      model: narrationModel,
      assignments: [value('promptText', text, 'narration'), value('voice', voice, 'voice')],
    });
    const { line, id } = shot.job.spec;
    narrations.set(line, jobOf(`story:narration:${hashed(narrationModel, voice, text)}`, line, `${id ?? `line ${line}`} narration`, plan));
  }
  const jobs = [...narrations.values()];
  let bed: StorySound['bed'];
  if (ask.sound !== undefined) {
    const ref = classifyMedia(ask.sound);
    const local = ref.kind === 'file' && (/\.(wav|mp3|m4a|ogg)$/i.test(ref.path) || /[/\\]/.test(ref.path));
    if (local) bed = { file: (await inspectLocalFile(ref.path, 'audio', '--sound', Infinity)).path };
    else {
      const film = plannedSeconds(shots, settings.crossfade ?? 0) ?? longestSound;
      const seconds = Math.min(longestSound, Math.max(1, Math.ceil(film)));
      const plan = await planRun(session.provider, {
        endpoint: 'sound_effect',
        model: soundModel,
        assignments: [
          value('promptText', ask.sound, '--sound'),
          value('duration', seconds, '--sound'),
          ...(film > longestSound ? [value('loop', true, '--sound')] : []),
        ],
      });
      const job = jobOf(`story:sound:${hashed(soundModel, ask.sound, String(seconds))}`, 0, 'sound', plan);
      jobs.push(job);
      bed = { job };
    }
  }
  return { jobs, narrations, bed };
}

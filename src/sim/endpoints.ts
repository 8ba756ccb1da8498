/**
 * The official API's other task endpoints as the simulator serves them (sound, speech, dubbing,
 * voice isolation, avatars, image upscale, the recipes): the body checked against the catalog
 * like the API does, every media URI checked, a task whose outputs are of the endpoint's kind — a
 * real WAV (or MP3/Ogg as asked), PNG images (four for a campaign), an H.264 mp4 — and an estimate
 * from the simulator's price table.
 */
import type { ServerResponse } from 'node:http';
import { officialCatalog } from '../providers/official/catalog/index.js';
import { checkBody } from '../providers/official/catalog/check.js';
import { mediaSlots } from '../providers/official/run/slots.js';
import { catalogEndpoint, runModelId } from '../providers/official/run/endpoints.js';
import { isObject, sendJson } from './http-util.js';
import { validUri } from './official-validation.js';
import { taskCost } from './prices.js';
import type { SimContext } from './context.js';
import type { SimTask } from './tasks.js';

type Kind = 'audio' | 'image' | 'video';

const audioEndpoints = ['sound_effect', 'text_to_speech', 'speech_to_speech', 'voice_dubbing', 'voice_isolation'];
const imageEndpoints = ['image_upscale', 'recipes/ad_localization', 'recipes/marketing_stock_image', 'recipes/product_campaign_image'];

/** The endpoints served here: every task endpoint but the video ones, the tool ones and the router's. */
export function servedHere(endpoint: string): boolean {
  return [...audioEndpoints, ...imageEndpoints].includes(endpoint) || endpoint === 'avatar_videos' || endpoint.startsWith('recipes/');
}

const kindOf = (endpoint: string): Kind =>
  audioEndpoints.includes(endpoint) ? 'audio' : imageEndpoints.includes(endpoint) ? 'image' : 'video';

/** Seconds of speech for a text, as a voice says it (about 2.5 words a second). */
export function spokenSeconds(text: string): number {
  return Math.max(1, Math.round((text.trim().split(/\s+/).length / 2.5) * 10) / 10);
}

/** How long an output is: the body's duration, the words spoken, else a default. */
function secondsOf(endpoint: string, body: Record<string, unknown>): number {
  if (typeof body.duration === 'number') return body.duration;
  if (endpoint === 'text_to_speech' && typeof body.promptText === 'string') return spokenSeconds(body.promptText);
  const speech = isObject(body.speech) ? body.speech : undefined;
  if (typeof speech?.text === 'string') return spokenSeconds(speech.text);
  return kindOf(endpoint) === 'audio' ? 3 : 5;
}

function countOf(endpoint: string, body: Record<string, unknown>): number {
  if (endpoint === 'recipes/product_campaign_image') return 4;
  return typeof body.outputCount === 'number' && body.outputCount >= 1 ? Math.floor(body.outputCount) : 1;
}

function audioFormat(body: Record<string, unknown>): 'wav' | 'mp3' | 'ogg' {
  return body.outputFormat === 'mp3' ? 'mp3' : body.outputFormat === 'ogg_opus' ? 'ogg' : 'wav';
}

export function createOnEndpoint(ctx: SimContext, endpoint: string, body: unknown, res: ServerResponse): { created?: SimTask } {
  const described = catalogEndpoint(endpoint);
  const issues = checkBody(officialCatalog, endpoint, body);
  if (described && issues.length === 0)
    for (const slot of mediaSlots(described, body as Record<string, unknown>)) {
      const problem = validUri(ctx, slot.value, slot.kind);
      if (problem) issues.push({ path: slot.path, message: problem });
    }
  if (!described || issues.length > 0) {
    sendJson(res, 400, { error: `Validation of body failed: ${issues[0]?.path.join('.') || 'body'}: ${issues[0]?.message}`, issues });
    return {};
  }
  const b = body as Record<string, unknown>;
  const model = runModelId(endpoint, described.key ? String(b[described.key]) : '', described.key);
  const kind = kindOf(endpoint);
  const seconds = secondsOf(endpoint, b);
  const outputCount = kind === 'image' ? countOf(endpoint, b) : 1;
  const cost =
    kind === 'image'
      ? taskCost(ctx.options.prices, model, {}, 1, true) * outputCount
      : taskCost(ctx.options.prices, model, b, seconds, false);
  if (ctx.credits < cost) {
    sendJson(res, 400, { error: 'You do not have enough credits to run this task.' });
    return {};
  }
  ctx.credits -= cost;
  const speech = isObject(b.speech) ? b.speech : {};
  const prompt = [b.promptText, b.prompt, speech.text].find((v): v is string => typeof v === 'string');
  const task = ctx.store.create({
    flavor: 'runwayml',
    prompt: prompt ?? '',
    model,
    duration: seconds,
    body,
    now: ctx.now(),
    output: kind,
    ...(outputCount > 1 ? { outputCount } : {}),
    ...(kind === 'audio' ? { audioFormat: audioFormat(b) } : {}),
    cost,
  });
  sendJson(res, 200, { id: task.id, estimatedCost: { credits: cost } });
  return { created: task };
}

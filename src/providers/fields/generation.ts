/**
 * Every generation field, declared once. The commander flags (generate, the model shortcuts,
 * extend), batch-line keys and types, validation ranges and messages, completion and the
 * mapping into a GenerationRequest are all derived from this table. Adding a field is one
 * entry here, plus the protocol mapping that sends it.
 */
import type { CameraMotion } from '../camera-motion.js';
import type { FieldSpec } from './spec.js';

/** The inputs every protocol understands. */
export const inputFields = {
  prompt: { kind: 'text', flag: '-p, --prompt <text>', help: 'text prompt; "-" reads it from stdin', extend: true },
  promptFile: { kind: 'text', flag: '--prompt-file <file>', help: 'read the prompt from a file', extend: true, commandLineOnly: true },
  image: {
    kind: 'media',
    flag: '-i, --image <path|url|data-uri>',
    help: 'first frame: a local JPEG/PNG/WebP, https:// URL, data: URI or runway:// URI',
  },
  lastFrame: { kind: 'media', flag: '--last-frame <path|url|data-uri>', help: 'last frame, for models that take one' },
  video: {
    kind: 'media',
    flag: '--video <path|url>',
    help: 'input video for video-to-video (aleph2, seedance2, hailuo3… on the official API; Gen-3 on web-tasks)',
  },
  reference: {
    kind: 'media',
    flag: '--reference <path|url|runway://>',
    help: 'reference image (repeatable), for models that take references',
    repeatable: true,
  },
  referenceVideo: { kind: 'media', flag: '--reference-video <path|url|runway://>', help: 'reference video (repeatable)', repeatable: true },
  referenceAudio: { kind: 'media', flag: '--reference-audio <path|url|runway://>', help: 'reference audio (repeatable)', repeatable: true },
  character: {
    kind: 'media',
    flag: '--character <path|url|task:id>',
    help: 'who performs: an image or a video of the character',
    tool: true,
  },
  ratio: { kind: 'text', flag: '-r, --ratio <W:H>', help: "aspect ratio, e.g. 1280:720 (default: the model's first)" },
  duration: {
    kind: 'duration',
    flag: '-d, --duration <seconds|auto>',
    help: "video length in seconds, or auto where the model chooses (default: the model's)",
    min: 1,
    max: 60,
    extend: true,
  },
  seed: {
    kind: 'integer',
    flag: '--seed <n>',
    help: 'seed 0..4294967295 (default: random, reported in --json)',
    min: 0,
    max: 4294967295,
    extend: true,
  },
} as const satisfies Record<string, FieldSpec>;

/** Protocol-specific fields: each protocol and model says which of these it takes. */
export const extraFields = {
  webhook: {
    kind: 'text',
    flag: '--webhook <url>',
    help: 'callback URL the provider notifies when done (notify_hook / callback_url)',
    extend: true,
  },
  watermark: {
    kind: 'boolean',
    flag: '--watermark',
    help: 'ask for a watermark (providers that support it)',
    negation: 'ask for no watermark',
    extend: true,
  },
  motion: { kind: 'integer', flag: '--motion <1-10>', help: 'gen2 general motion', min: 1, max: 10 },
  interpolate: {
    kind: 'boolean',
    flag: '--interpolate',
    help: 'gen2 frame interpolation (default on)',
    negation: 'turn gen2 frame interpolation off',
  },
  upscale: { kind: 'boolean', flag: '--upscale', help: 'gen2 upscale' },
  explore: {
    kind: 'boolean',
    flag: '--explore',
    help: 'web-tasks explore mode (slower, cheaper)',
    alias: { flag: '--fast', help: 'web-tasks fast mode (quicker, more expensive)', value: false },
    extend: true,
  },
  enhancePrompt: {
    kind: 'boolean',
    flag: '--enhance-prompt',
    help: 'let the provider enhance the prompt (web-tasks default)',
    negation: 'do not let the provider enhance the prompt',
  },
  endFrame: { kind: 'boolean', flag: '--end-frame', help: 'use --image as the last frame instead of the first (web-tasks, cometapi)' },
  structure: { kind: 'number', flag: '--structure <0-1>', help: 'video-to-video structure transformation (default 0.3)', min: 0, max: 1 },
  style: { kind: 'text', flag: '--style <name>', help: 'cometapi style, e.g. cinematic (default cinematic)' },
  camera: { kind: 'camera', flag: '--camera <x=..,y=..,z=..,r=..>', help: 'cometapi camera motion vector (also bg_x_pan, bg_y_pan)' },
  publicFigureThreshold: {
    kind: 'choice',
    flag: '--public-figure-threshold <auto|low>',
    help: 'official API content moderation for public figures',
    choices: ['auto', 'low'],
  },
  audio: { kind: 'boolean', flag: '--audio', help: 'generate sound with the video (models that can)', negation: 'no sound' },
  negativePrompt: { kind: 'text', flag: '--negative-prompt <text>', help: 'what should not appear' },
  resolution: { kind: 'text', flag: '--resolution <r>', help: "output resolution, e.g. 720p, 1080p, 2k (the model's choices)" },
  outputFormat: {
    kind: 'text',
    flag: '--output-format <f>',
    help: 'mp4 (default), prores, png_sequence, hdr10… (the model’s choices; non-mp4 costs more)',
  },
  proresProfile: { kind: 'text', flag: '--prores-profile <p>', help: 'ProRes profile with --output-format prores: 422, 422 HQ, 4444…' },
  creativity: {
    kind: 'number',
    flag: '--creativity <0-100>',
    help: 'how much AI-made detail the upscale adds: 0 (faithful) to 100',
    min: 0,
    max: 100,
    tool: true,
  },
  flavor: {
    kind: 'text',
    flag: '--flavor <vivid|natural>',
    help: 'upscale style: vivid (enhanced colour and detail) or natural (faithful)',
    tool: true,
  },
  fpsBoost: { kind: 'boolean', flag: '--fps-boost', help: 'raise the frame rate while upscaling', tool: true },
  sharpen: {
    kind: 'number',
    flag: '--sharpen <0-100>',
    help: 'sharpness added by the upscale: 0 (none) to 100',
    min: 0,
    max: 100,
    tool: true,
  },
  smartGrain: {
    kind: 'number',
    flag: '--smart-grain <0-100>',
    help: 'grain and texture enhancement: 0 to 100',
    min: 0,
    max: 100,
    tool: true,
  },
  fps: { kind: 'text', flag: '--fps <rate>', help: 'target frame rate: 24, 25, 30, 48, 50, 60, 120, 23.98, 29.97 or 59.94', tool: true },
  expression: {
    kind: 'integer',
    flag: '--expression <1-5>',
    help: "intensity of the character's expression, 1 to 5",
    min: 1,
    max: 5,
    tool: true,
  },
  bodyControl: {
    kind: 'boolean',
    flag: '--body-control',
    help: 'carry body movement and gestures over too, not only the face',
    negation: 'the face only',
    tool: true,
  },
  count: {
    kind: 'integer',
    flag: '--count <n>',
    help: 'how many images to make (models that take outputCount)',
    min: 1,
    max: 16,
    tool: true,
  },
  quality: { kind: 'text', flag: '--quality <q>', help: "image quality: low, medium, high… (the model's choices)", tool: true },
  background: {
    kind: 'text',
    flag: '--background <b>',
    help: 'image background: transparent, opaque or auto (models that take it)',
    tool: true,
  },
  grounding: {
    kind: 'boolean',
    flag: '--grounding',
    help: 'let the image model ground the prompt in web search (models that take it)',
    tool: true,
  },
  param: {
    kind: 'params',
    flag: '--param <field=value>',
    help: 'any other API field (repeatable); the value is JSON when it parses, else text',
    repeatable: true,
    batchKey: 'params',
  },
} as const satisfies Record<string, FieldSpec>;

export type ExtraName = keyof typeof extraFields;
export type InputName = keyof typeof inputFields;

type ValueOf<S> = S extends { kind: 'camera' }
  ? CameraMotion
  : S extends { kind: 'params' }
    ? Record<string, unknown>
    : S extends { choices: readonly (infer C)[] }
      ? C
      : S extends { kind: 'integer' | 'number' }
        ? number
        : S extends { kind: 'boolean' }
          ? boolean
          : string;

/** Protocol-specific knobs, typed from the table. */
export type GenerationExtras = { [N in ExtraName]?: ValueOf<(typeof extraFields)[N]> | undefined };

export const generationFields: Readonly<Record<string, FieldSpec>> = { ...inputFields, ...extraFields };

export function extraSpec(name: ExtraName): FieldSpec {
  return extraFields[name];
}

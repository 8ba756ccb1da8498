/**
 * The contract between the core and a wire protocol. A protocol adapter is pure: it turns a
 * validated generation into request descriptions and turns parsed JSON answers into
 * protocol-neutral snapshots. The core does every byte of I/O.
 */

export const protocolIds = ['official', 'web-tasks', 'pro-feed'] as const;
export type ProtocolId = (typeof protocolIds)[number];

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Appended to the provider's base URL. */
  path: string;
  body?: unknown;
}

export type TaskState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TaskOutput {
  url: string;
  /** Size the provider announced, when it does (web-tasks `fileSize`). */
  bytes?: number | undefined;
  /** Server-given file name: display only, never a path. */
  serverName?: string | undefined;
}

export interface TaskFailure {
  message: string;
  code?: string | undefined;
  moderation: boolean;
}

export interface TaskSnapshot {
  id: string;
  state: TaskState;
  /** The provider's own word for the state (THROTTLED, IN_PROGRESS, "2"…), for display. */
  rawStatus: string;
  /** 0..1 when the provider reports it. */
  progress?: number | undefined;
  /** Seconds until a queued task starts, when the provider estimates it. */
  startsInSeconds?: number | undefined;
  outputs: TaskOutput[];
  failure?: TaskFailure | undefined;
  createdAt?: string | undefined;
  /** What the provider says the task costs: charged once settled (`final`), else its estimate. */
  credits?: { amount: number; final: boolean } | undefined;
}

/** A create's answer: the task id, and (today's official API) the most the task may charge. */
export interface CreatedTask {
  taskId: string;
  estimate?: number | undefined;
  /** A Model Router's choice: which model, and by which settings. */
  routing?: Routing | undefined;
}

export interface Routing {
  configId: string;
  model: string;
  provider: string;
  optimizeFor?: string | undefined;
  /** The most a generation may cost under this router, where it sets one (the server enforces it). */
  priceCeiling?: number | null | undefined;
  /** Models skipped because the account was at its concurrency limit on them. */
  capacityFallback?: { allExhausted: boolean; skipped: string[] } | undefined;
}

/** A gateway that has not indexed a brand-new task yet answers "task_not_exist". */
export type ParsedTask = { found: true; task: TaskSnapshot } | { found: false; message: string };

/** Raised by a parser when an answer does not have any shape the protocol allows. */
export class ProviderAnswerError extends Error {
  /** The answer explicitly refuses the request (an error code), so nothing was created. */
  readonly refused: boolean;

  constructor(message: string, refused = false) {
    super(message);
    this.name = 'ProviderAnswerError';
    this.refused = refused;
  }
}

/** A media input after preparation: a URI the protocol accepts as-is. */
export type MediaUri = string;

import type { ExtraName, GenerationExtras } from './fields/generation.js';
export type { ExtraName, GenerationExtras } from './fields/generation.js';

export type { CameraMotion } from './camera-motion.js';

/** Everything a create request needs, validated, with media already turned into URIs. */
export interface PreparedGeneration extends GenerationExtras {
  model: ModelSpec;
  prompt?: string | undefined;
  image?: MediaUri | undefined;
  lastFrame?: MediaUri | undefined;
  video?: MediaUri | undefined;
  references?: MediaUri[] | undefined;
  referenceVideos?: MediaUri[] | undefined;
  referenceAudio?: MediaUri[] | undefined;
  /** Act-Two's character, and whether it is a picture or a clip. */
  character?: { uri: MediaUri; type: 'image' | 'video' } | undefined;
  /** Display name of the local image, for web-tasks task names. */
  imageName?: string | undefined;
  /** Absent only where the model takes none (video-to-video that keeps the input's shape). */
  ratio?: string | undefined;
  /** Absent when the output is as long as the input video (`lengthFromInput`) and that is unknown; `auto` where the model chooses. */
  duration?: number | 'auto' | undefined;
  seed?: number | undefined;
  extend?: { taskId: string; videoUrl: string } | undefined;
  /** A run's body (`runway run`), its media already URIs. */
  body?: Record<string, unknown> | undefined;
  /** Per-preset differences in body shape. */
  quirks?: BodyQuirks | undefined;
}

export interface BodyQuirks {
  /** openai-core's web-tasks bodies (seed 002) carry no width/height. */
  omitDimensions?: boolean;
}

/** The official endpoints beyond text/image/video-to-video, each with its own command. */
export const toolEndpoints = ['video_upscale', 'video_to_hdr', 'character_performance', 'text_to_image'] as const;
export type ToolEndpoint = (typeof toolEndpoints)[number];

export interface ModelSpec {
  /** The id users type and we print (gen4_turbo, gen3, gen4). */
  id: string;
  /** The id on the wire (gen4_turbo, europa, gen4). */
  wire: string;
  /** CLI shortcut commands that mean this model on this protocol (gen4, gen3, gen3-turbo…). */
  shortcuts: string[];
  label: string;
  /** Allowed ratios; the first is the default. */
  ratios: string[];
  /** Ratios allowed for text-to-video, when narrower. */
  textRatios?: string[];
  durations: number[];
  defaultDuration: number;
  text: boolean;
  image: boolean;
  /** Accepts a last frame (alone or with a first frame). */
  lastFrame: boolean;
  video: boolean;
  /** Video-to-video output is as long as the input video: no --duration, none on the wire. */
  lengthFromInput?: boolean;
  /** Web-tasks native extend: a continuation of an earlier task by its id. */
  extend: boolean;
  /** Official native extend: video-to-video with `mode: "extend"` continues the input video. */
  extendsVideo?: boolean;
  promptMax: number;
  /** Whether the protocol takes a seed for this model. */
  seed: boolean;
  /** Protocol options valid for this model beyond the protocol's common ones. */
  extras?: ExtraName[];
  /** `--duration auto` lets the model choose. */
  durationAuto?: boolean;
  /** The API picks the ratio when none is sent: no default is filled in. */
  ratioOptional?: boolean;
  /** Official video-to-video: the field the input video goes in (videoUri, promptVideo). */
  videoField?: 'videoUri' | 'promptVideo';
  /** Which reference lists the model takes (--reference, --reference-video, --reference-audio). */
  references?: { image: boolean; video: boolean; audio: boolean };
  /** The official endpoint of a model that is not a video generation (upscale, HDR, Act-Two, images). */
  endpoint?: ToolEndpoint;
  /** What the task makes, where it is not an mp4: images, or a format told by its bytes (HDR, ProRes…). */
  output?: 'image' | 'media';
  /** Takes a character (Act-Two): an image or video of who performs. */
  character?: boolean;
  /** Removed from the provider's API: what to use instead. */
  removed?: { replacement: string; when: string };
  /** Not a model but a saved Model Router config (official API): the server picks the model. */
  router?: { configId: string; modality: 'video' | 'image' };
  /**
   * A variant of a task endpoint run as given (`runway run`, sound, speak…): its body is checked
   * against the catalog. A workflow run names its own path (`/v1/workflows/{id}`).
   */
  run?: { endpoint: string; path?: string };
}

export interface Upload {
  /** Where the bytes go, and how: both hosts are storage, never sent the API key. */
  transfer:
    | { method: 'POST-multipart'; url: string; fields: Record<string, string> }
    | { method: 'PUT'; url: string; headers: Record<string, string> };
  /** Official uploads are usable at once. */
  uri?: string;
  /** Web-tasks uploads need a completion call with the storage ETag. */
  complete?: (etag: string) => RequestSpec;
}

export interface UploadAdapter {
  start(file: { name: string; mime: string; bytes: number }): RequestSpec;
  parseStart(data: unknown): Upload;
  parseComplete?(data: unknown): string;
  /** Largest file this protocol's upload accepts. */
  maxBytes: number;
  /** Smallest, where the protocol has a floor. */
  minBytes?: number;
}

export interface MediaRules {
  /** Local image files: inline as data URI up to `inlineMaxBytes`, else upload; or always upload; or refuse. */
  imageFile: 'inline-or-upload' | 'upload' | 'refuse';
  videoFile: 'upload' | 'refuse';
  /** Data URIs: accepted up to this size (encoded), or refused. */
  dataUriMaxBytes: number | 'refuse';
  /** https URLs: passed through, or passed through with a warning that they may be rejected. */
  httpsUrl: 'pass' | 'warn';
  runwayUri: boolean;
  inlineMaxBytes: number;
  /** Why files are refused, and what to do instead (shown with exit 2). */
  refuseAdvice?: string;
}

export interface Balance {
  credits: number;
  details: Record<string, unknown>;
}

export interface ProtocolAdapter {
  id: ProtocolId;
  catalog: readonly ModelSpec[];
  /** Options every model of this protocol accepts (e.g. webhook), before per-model extras. */
  commonExtras: readonly ExtraName[];
  media: MediaRules;
  authHeaders(key: string): Record<string, string>;
  buildCreate(input: PreparedGeneration): RequestSpec;
  /**
   * The request fields the CLI sets from its own flags (wire name → flag). `--param` may not set
   * them: the flag's value is validated, estimated and reported, a --param would bypass all three.
   */
  ownedFields?: Readonly<Record<string, string>>;
  /** Problems with the exact create body, where the protocol knows its models' fields (official catalog). */
  checkCreate?(spec: RequestSpec, model: ModelSpec): string[];
  /** `request`: what was sent, where the answer's meaning depends on it (a workflow run answers an invocation). */
  parseCreate(data: unknown, request?: RequestSpec): CreatedTask;
  buildGetTask(taskId: string): RequestSpec;
  /** Parses a task answer; `status` lets a parser read a 404 body ("task_not_exist"). */
  parseTask(data: unknown, taskId: string): ParsedTask;
  /** Statuses whose body parseTask should see instead of the core raising (e.g. 404). */
  taskAnswerStatuses?: readonly number[];
  buildCancel?(taskId: string): RequestSpec;
  upload?: UploadAdapter;
  balance?: { build(): RequestSpec; parse(data: unknown): Balance };
  /** The organization's credits used, per model, since a day (the official API's usage report). */
  usage?: { build(since: string | undefined): RequestSpec; parse(data: unknown): Record<string, number> };
}

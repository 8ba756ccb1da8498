/**
 * The commands people type for the common task endpoints, as data: which endpoint each runs, its
 * default model, what its argument is and the short flags it adds. Every field of the endpoint is
 * also a flag of its own (read from the catalog when the command's options are built), so this
 * table only names what the catalog cannot: the everyday spelling. Type-only imports: read at
 * start-up.
 */

export interface EndpointCommand {
  name: string;
  /** The endpoint; a recipe command takes the recipe's name as its first argument instead. */
  endpoint: string;
  /** The model used when --model is not given. */
  model?: string;
  description: string;
  /** The positional argument and the field it fills (a path into the body). */
  argument?: { usage: string; field: string };
  /** Short flags for fields: `--to es` is targetLang. */
  aliases?: Record<string, { field: string; help: string }>;
}

/** `runway recipe <name>`: the recipes are the endpoints under this prefix. */
export const recipePrefix = 'recipes/';

export const endpointCommands: readonly EndpointCommand[] = [
  {
    name: 'sound',
    endpoint: 'sound_effect',
    model: 'eleven_text_to_sound_v2',
    description: 'make a sound effect from a description (audio out)',
    argument: { usage: '[prompt]', field: 'promptText' },
  },
  {
    name: 'speak',
    endpoint: 'text_to_speech',
    model: 'eleven_multilingual_v2',
    description: 'speak a text (--voice a preset name, or a reference recording with seed_audio)',
    argument: { usage: '[text]', field: 'promptText' },
  },
  {
    name: 'dub',
    endpoint: 'voice_dubbing',
    description: 'dub speech into another language (--to es)',
    argument: { usage: '[audio]', field: 'audioUri' },
    aliases: { to: { field: 'targetLang', help: 'the language to dub into (targetLang)' } },
  },
  {
    name: 'isolate',
    endpoint: 'voice_isolation',
    description: 'isolate the voice of a recording from its background',
    argument: { usage: '[audio]', field: 'audioUri' },
  },
  {
    name: 'revoice',
    endpoint: 'speech_to_speech',
    description: 'say a recording (audio or video) again in another voice (--voice)',
    argument: { usage: '[audio-or-video]', field: 'media' },
  },
  {
    name: 'avatar',
    endpoint: 'avatar_videos',
    description: 'an avatar (--avatar preset or id) speaking a text (--text, --voice) or a recording (--audio)',
    aliases: {
      text: { field: 'speech.text', help: 'the words the avatar speaks' },
      audio: { field: 'speech.audio', help: 'a recording the avatar speaks (a file, URL or task:<id>)' },
      voice: { field: 'speech.voice', help: 'the voice of --text: a preset name, or a custom voice id' },
    },
  },
  {
    name: 'image-upscale',
    endpoint: 'image_upscale',
    description: 'upscale an image (--scale-factor 2|4|8|16)',
    argument: { usage: '[image]', field: 'imageUri' },
  },
  {
    name: 'recipe',
    endpoint: recipePrefix,
    description: 'run a recipe: multi_shot_video, product_ad, product_campaign_image… (--version)',
    argument: { usage: '[name]', field: '' },
  },
];

export function endpointCommand(name: string): EndpointCommand | undefined {
  return endpointCommands.find((c) => c.name === name);
}

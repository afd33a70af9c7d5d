/**
 * Where lillycoder's config files are, by name only: kept apart from config-files.ts so that
 * `discover --save` can find the user file without loading the schema and the rule parser.
 */

/** cosmiconfig's file names for `lillycoder`, nearest first, data formats only. */
export const PROJECT_SEARCH_PLACES: readonly string[] = [
  'package.json',
  '.lillycoderrc',
  '.lillycoderrc.json',
  '.lillycoderrc.yaml',
  '.lillycoderrc.yml',
  '.config/lillycoderrc',
  '.config/lillycoderrc.json',
  '.config/lillycoderrc.yaml',
  '.config/lillycoderrc.yml',
  'lillycoder.config.json',
  'lillycoder.config.yaml',
  'lillycoder.config.yml',
]

/** In `$XDG_CONFIG_HOME/lillycoder/`, in the order they are looked for. */
export const USER_CONFIG_NAMES: readonly string[] = ['config.json', 'config.yaml', 'config.yml']

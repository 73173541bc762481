import { dePodcastPlattform } from './de-podcast-plattform.js';
import { enCaptionsTalk } from './en-captions-talk.js';
import { enCookingShow } from './en-cooking-show.js';
import { enPlatformPodcast } from './en-platform-podcast.js';
import { enTeamStandup } from './en-team-standup.js';
import { esEntrevistaSubtitulos } from './es-entrevista-subtitulos.js';
import { frConferenceAccessibilite } from './fr-conference-accessibilite.js';
import type { Script, ScriptLanguage } from './types.js';

export type { Script, ScriptLanguage } from './types.js';

export const SCRIPT_LANGUAGES: readonly ScriptLanguage[] = ['en', 'es', 'fr', 'de'];

export const SCRIPTS: readonly Script[] = [
  enCaptionsTalk,
  enPlatformPodcast,
  enTeamStandup,
  enCookingShow,
  esEntrevistaSubtitulos,
  frConferenceAccessibilite,
  dePodcastPlattform,
];

export function scriptsFor(language: ScriptLanguage): readonly Script[] {
  return SCRIPTS.filter((script) => script.language === language);
}

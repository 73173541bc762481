/**
 * Stand-in for Mux's LLM profanity detection: common swear words in the languages we have scripts
 * for, inflected forms listed explicitly because matching is whole-word.
 */
export const PROFANITY: readonly string[] = [
  // en
  'arse',
  'arsehole',
  'ass',
  'asshole',
  'bastard',
  'bitch',
  'bitches',
  'bollocks',
  'bullshit',
  'crap',
  'crappy',
  'damn',
  'dammit',
  'dick',
  'fuck',
  'fucked',
  'fucker',
  'fucking',
  'goddamn',
  'motherfucker',
  'piss',
  'pissed',
  'shit',
  'shitty',
  'wanker',
  // es
  'cabrón',
  'coño',
  'gilipollas',
  'joder',
  'mierda',
  'puta',
  'puto',
  // fr
  'bordel',
  'connard',
  'connasse',
  'merde',
  'putain',
  'salaud',
  // de
  'arschloch',
  'scheiß',
  'scheiße',
  'scheisse',
  'verdammt',
];

import type { Lexicon } from './types.js';

// Mishearings follow how each language's recogniser spells the sound; "Mucks" is the example
// Mux itself uses in its edit-captions docs.
export const EN_TERMS: Lexicon = {
  Mux: ['Mucks'],
  WebVTT: ['web VTT'],
  HLS: ['H.L.S.'],
  Kubernetes: ['cooper netties', 'Cooper Nettys'],
  GraphQL: ['graph QL'],
  PostgreSQL: ['Postgres QL', 'post grass QL'],
  ffmpeg: ['FF MPEG', 'F F impeg'],
  Whisper: ['whisper'],
  Siobhan: ['Shivawn', 'Chevonne'],
  Aoife: ['Eefa', 'Eva'],
  Tomás: ['Thomas'],
  Nguyen: ['Win', 'Nuyen'],
  gochujang: ['go chew jang', 'gochu jang'],
  Worcestershire: ['Wooster sheer', 'Worcester sure'],
  'bánh mì': ['bun me', 'Ban Mi'],
};

export const ES_TERMS: Lexicon = {
  Mux: ['Mocs', 'Max'],
  Kubernetes: ['Cubernetes', 'cuber netis'],
};

export const FR_TERMS: Lexicon = {
  Mux: ['Mucs', 'Muxe'],
  WebVTT: ['Web VTT', 'ouèbe VTT'],
};

export const DE_TERMS: Lexicon = {
  Mux: ['Mags', 'Max'],
  WebVTT: ['Web-VTT'],
  HLS: ['H-L-S'],
  Kubernetes: ['Kuba Netties', 'Cuba Nettis'],
};

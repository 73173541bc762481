import type { TranscriptCue } from './model.js';

function timestamp(ms: number, fractionSeparator: '.' | ','): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const secs = Math.floor(ms / 1000) % 60;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(secs, 2)}${fractionSeparator}${pad(ms % 1000, 3)}`;
}

/** WebVTT cue text is markup: "&", "<" and ">" are escaped, which also defuses a "-->" in the text. */
function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Speakers are written as WebVTT voice tags, the format's own speaker markup. */
export function toWebVtt(cues: readonly TranscriptCue[]): string {
  const blocks = cues.map((cue) => {
    const text = escapeVtt(cue.text);
    const voiced = cue.speaker === null ? text : `<v ${escapeVtt(cue.speaker)}>${text}`;
    return `${timestamp(cue.startMs, '.')} --> ${timestamp(cue.endMs, '.')}\n${voiced}`;
  });
  return `${['WEBVTT', ...blocks].join('\n\n')}\n`;
}

/** SRT has no speaker markup, so speakers are written as Mux writes them: a leading "[label]". */
function labelled(cue: TranscriptCue): string {
  return cue.speaker === null ? cue.text : `[${cue.speaker}] ${cue.text}`;
}

/** A "-->" inside SRT text would read as a timing line. */
export function toSrt(cues: readonly TranscriptCue[]): string {
  return cues
    .map(
      (cue, index) =>
        `${index + 1}\n${timestamp(cue.startMs, ',')} --> ` +
        `${timestamp(cue.endMs, ',')}\n${labelled(cue).replace(/-->/g, '->')}\n`,
    )
    .join('\n');
}

/** A pause this long, or a change of speaker, starts a new paragraph of the plain-text transcript. */
const PARAGRAPH_PAUSE_MS = 1_200;

/** Spoken text only, one paragraph per stretch of uninterrupted speech, each speaker's turn opening with its label. */
export function toPlainText(cues: readonly TranscriptCue[]): string {
  const paragraphs: string[] = [];
  let previous: TranscriptCue | undefined;
  for (const cue of cues) {
    const text = cue.text.replace(/\n/g, ' ');
    const continues =
      previous !== undefined && cue.startMs - previous.endMs < PARAGRAPH_PAUSE_MS && cue.speaker === previous.speaker;
    if (continues) paragraphs[paragraphs.length - 1] += ` ${text}`;
    else paragraphs.push(labelled({ ...cue, text }));
    previous = cue;
  }
  return paragraphs.length === 0 ? '' : `${paragraphs.join('\n\n')}\n`;
}

const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Words as the language's own rules count them, so languages written without spaces count too. */
export function countWords(cues: readonly TranscriptCue[]): number {
  let count = 0;
  for (const cue of cues) for (const segment of WORDS.segment(cue.text)) if (segment.isWordLike) count += 1;
  return count;
}

import { TranscriptUnavailableError } from '../errors.js';
import { type CueNode, type LibraryCue, mediaCaptions } from './media-captions.js';
import { TRANSCRIPT_LIMITS, type TranscriptCue } from './model.js';
import { cleanCueText, cleanLabel, cleanSource } from './sanitize.js';

export type CaptionFormat = 'vtt' | 'srt';

/** A caption file the gateway will not keep: too large, or not the format it claims to be. */
export class CaptionSourceError extends TranscriptUnavailableError {
  override readonly name = 'CaptionSourceError';
}

/** SRT authors write a bare "<" as text; left alone the cue tokenizer would swallow it as a tag. */
const SRT_NON_TAG_LT = /<(?!\/?(?:[ibu]|font|v|c|lang|ruby|rt)\b)/gi;
/** ASS-style positioning such as "{\an8}" that many SRT editors emit. */
const SRT_OVERRIDE = /\{\\[^}]*\}/g;

/**
 * A leading "[label]" is how Mux writes speakers (premium captions, `[speaker_0] Hello`), but captioners also
 * open cues with sound descriptions such as "[laughs]". Those are conventionally lower-case words, so labels
 * made only of lower-case letters and spaces stay in the text.
 */
const BRACKET_LABEL = /^\[([^\]\n]{1,64})\][ \t]*(?=\S)/;

function bracketSpeaker(text: string): { speaker: string; rest: string } | undefined {
  const match = BRACKET_LABEL.exec(text);
  const label = match?.[1]?.trim();
  if (!match || !label || !/[\p{L}\p{N}]/u.test(label) || /^[\p{Ll}\s]+$/u.test(label)) return undefined;
  return { speaker: label, rest: text.slice(match[0].length) };
}

interface Flattened {
  text: string;
  voice: string | undefined;
}

/** Markup is dropped; ruby annotations (`<rt>`) repeat the text they annotate, so they are left out. */
function flatten(nodes: readonly CueNode[], out: Flattened): void {
  for (const node of nodes) {
    if (node.type === 'text') out.text += node.data;
    else if (node.type !== 'rt') {
      if (node.type === 'v' && out.voice === undefined && node.voice?.trim()) out.voice = node.voice;
      flatten(node.children, out);
    }
  }
}

function toCue(parsed: LibraryCue, format: CaptionFormat): TranscriptCue | undefined {
  if (format === 'srt') parsed.text = parsed.text.replace(SRT_OVERRIDE, '').replace(SRT_NON_TAG_LT, '&lt;');
  const flat: Flattened = { text: '', voice: undefined };
  flatten(mediaCaptions.tokenizeVTTCue(parsed), flat);
  let text = cleanCueText(flat.text, TRANSCRIPT_LIMITS.cueChars);
  let speaker = flat.voice === undefined ? null : cleanLabel(flat.voice, TRANSCRIPT_LIMITS.speakerChars);
  const labelled = speaker === null ? bracketSpeaker(text) : undefined;
  if (labelled) {
    speaker = cleanLabel(labelled.speaker, TRANSCRIPT_LIMITS.speakerChars);
    text = labelled.rest;
  }
  const startMs = Math.round(parsed.startTime * 1000);
  const endMs = Math.round(parsed.endTime * 1000);
  if (text === '' || !(endMs >= startMs && startMs >= 0)) return undefined;
  return { startMs, endMs, text, speaker };
}

/**
 * Parses WebVTT or SRT from outside with media-captions. NOTE, STYLE and REGION blocks and cue settings are
 * skipped; a voice tag (`<v Name>`) or a leading "[Label]" becomes the cue's speaker; markup is stripped and
 * entities decoded; invisible characters are removed and sizes bounded (see TRANSCRIPT_LIMITS). Cues beyond
 * the limit are dropped rather than the whole file refused, so a huge file still yields its beginning.
 */
export async function parseCaptions(source: string, format: CaptionFormat): Promise<TranscriptCue[]> {
  if (Buffer.byteLength(source) > TRANSCRIPT_LIMITS.sourceBytes) {
    throw new CaptionSourceError(`caption file is larger than ${TRANSCRIPT_LIMITS.sourceBytes} bytes`);
  }
  // The library ends a block only on a truly empty line; hand-edited files often leave spaces on it.
  const body = cleanSource(source)
    .trimStart()
    .replace(/^[ \t]+$/gm, '');
  if (format === 'vtt' && !/^WEBVTT(?:[ \t\n]|$)/.test(body))
    throw new CaptionSourceError('not a WebVTT file: it must start with "WEBVTT"');
  const kept: TranscriptCue[] = [];
  const keep = (parsed: LibraryCue) => {
    const cue = kept.length < TRANSCRIPT_LIMITS.cues ? toCue(parsed, format) : undefined;
    if (cue) kept.push(cue);
  };
  await mediaCaptions.parseTextStream(
    lineStream(body, () => kept.length >= TRANSCRIPT_LIMITS.cues),
    { type: format, strict: false, onCue: keep },
  );
  return kept;
}

/**
 * The library's own parseText queues every line of the file up front, and Node's stream queue makes that
 * quadratic (20,000 cues took seconds). Lines handed over as the parser pulls them keep it linear, and
 * stop once enough cues are kept.
 */
function lineStream(body: string, enough: () => boolean): ReadableStream<string> {
  const lines = body.split('\n');
  let next = 0;
  return new ReadableStream<string>({
    pull(controller) {
      const end = Math.min(next + 256, lines.length);
      while (next < end) controller.enqueue(lines[next++] ?? '');
      if (next >= lines.length || enough()) controller.close();
    },
  });
}

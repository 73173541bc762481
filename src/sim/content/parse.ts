import { roundMs, spreadWords } from './layout.js';
import { type CueNode, type LibraryCue, mediaCaptions } from './media-captions.js';
import type { Pause } from './steps.js';
import type { Cue } from './types.js';

export type CaptionFormat = 'vtt' | 'srt';

export interface ParsedCaptionFile {
  format: CaptionFormat;
  cues: Cue[];
}

/** The file is not usable captions: neither WebVTT nor SRT, or it has a broken cue timing. */
export class CaptionParseError extends Error {
  override readonly name = 'CaptionParseError';

  constructor(
    message: string,
    /** 1-based line of the problem, when one line is to blame. */
    readonly line?: number,
  ) {
    super(message);
  }
}

const SRT_TIMING_RE = /^[ \t]*\d+:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->[ \t]*\d+:\d{2}:\d{2}[,.]\d{1,3}/m;

function sniffFormat(body: string): CaptionFormat {
  const firstLine = body.split(/\r?\n|\r/, 1)[0] ?? '';
  if (/^WEBVTT(?:[ \t]|$)/.test(firstLine)) return 'vtt';
  if (SRT_TIMING_RE.test(body)) return 'srt';
  const preview = firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine;
  throw new CaptionParseError(
    `not a caption file: expected a WebVTT file (first line "WEBVTT") or SRT cues ("00:00:01,000 --> 00:00:02,000"), ` +
      `got "${preview}"`,
    1,
  );
}

/** SRT authors write a bare "<" as text; left alone the cue tokenizer would swallow it as a tag. */
const SRT_NON_TAG_LT_RE = /<(?!\/?(?:[ibu]|font|v|c|lang|ruby|rt)\b)/gi;
/** ASS-style positioning such as "{\an8}" that many SRT editors emit. */
const SRT_OVERRIDE_RE = /\{\\[^}]*\}/g;

function flatten(nodes: readonly CueNode[], out: { text: string; voice?: string }): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      out.text += node.data;
      continue;
    }
    const voice = node.type === 'v' ? node.voice?.trim() : undefined;
    if (out.voice === undefined && voice) out.voice = voice;
    flatten(node.children, out);
  }
}

const BRACKET_LABEL_RE = /^\[([^\]\n]{1,40})\][ \t]*(?=\S)/;

/**
 * A leading "[label]" is Mux's speaker label, but captioners also open cues with sound
 * descriptions such as "[laughs]". Those are conventionally lower-case words, so labels made only
 * of lower-case letters and spaces stay in the text.
 */
function bracketSpeaker(text: string): { speaker: string; rest: string } | undefined {
  const match = BRACKET_LABEL_RE.exec(text);
  const label = match?.[1]?.trim();
  if (match === null || label === undefined || !/[\p{L}\p{N}]/u.test(label) || /^[\p{Ll}\s]+$/u.test(label))
    return undefined;
  return { speaker: label, rest: text.slice(match[0].length) };
}

function toCue(parsed: LibraryCue, format: CaptionFormat): Cue | undefined {
  if (format === 'srt') parsed.text = parsed.text.replace(SRT_OVERRIDE_RE, '').replace(SRT_NON_TAG_LT_RE, '&lt;');
  const flat: { text: string; voice?: string } = { text: '' };
  flatten(mediaCaptions.tokenizeVTTCue(parsed), flat);
  let text = flat.text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
  let speaker = flat.voice;
  const labelled = speaker === undefined ? bracketSpeaker(text) : undefined;
  if (labelled !== undefined) {
    speaker = labelled.speaker;
    text = labelled.rest;
  }
  if (text === '') return undefined;
  const startTime = roundMs(parsed.startTime);
  const endTime = roundMs(parsed.endTime);
  const cue: Cue = { startTime, endTime, text, words: spreadWords(text, startTime, endTime) };
  if (speaker !== undefined) cue.speaker = speaker;
  return cue;
}

/** The library's own line terminators (WebVTT's: CRLF, LF or CR). */
const LINE_TERMINATOR_RE = /\r?\n|\r/;

/**
 * The file's lines, handed to the parser one at a time as it asks for them. The library's `parseText` queues
 * every line first and then takes them from the front of an array, which is quadratic: seconds for a ten-hour
 * file. Asking for a line is also where `pause` can let other work run.
 */
function lineStream(body: string, pause: Pause | undefined): ReadableStream<string> {
  const lines = body.split(LINE_TERMINATOR_RE);
  let next = 0;
  return new ReadableStream<string>({
    async pull(controller) {
      await pause?.();
      const line = lines[next];
      next += 1;
      if (line === undefined) controller.close();
      else controller.enqueue(line);
    },
  });
}

/**
 * Parses an uploaded WebVTT or SRT file (BOM and CRLF tolerated). Markup is stripped from cue text;
 * a voice tag or a leading "[label]" becomes the cue's speaker; positioning settings are dropped.
 * Word timings are estimates, since a caption file carries none. `pause` is called between lines and
 * between cues (see Pause).
 */
export async function parseCaptionFile(text: string, pause?: Pause): Promise<ParsedCaptionFile> {
  // The library only ends a block on a truly empty line; hand-edited files often leave spaces on it.
  const body = text
    .replace(/^\uFEFF/, '')
    .replace(/^\s+/, '')
    .replace(/^[ \t]+$/gm, '');
  if (body === '') throw new CaptionParseError('caption file is empty');
  const format = sniffFormat(body);
  const result = await mediaCaptions.parseTextStream(lineStream(body, pause), {
    type: format,
    strict: false,
    errors: true,
  });
  const badTiming = result.errors.find((error) => error.code === mediaCaptions.ParseErrorCode.BadTimestamp);
  if (badTiming !== undefined) {
    throw new CaptionParseError(`${format === 'vtt' ? 'WebVTT' : 'SRT'} ${badTiming.message}`, badTiming.line);
  }
  const cues: Cue[] = [];
  for (const parsed of result.cues) {
    await pause?.();
    const cue = toCue(parsed, format);
    if (cue !== undefined) cues.push(cue);
  }
  return { format, cues };
}

import { describe, expect, it } from 'vitest';
import type { TranscriptCue } from '../../src/transcripts/model.js';
import { parseCaptions } from '../../src/transcripts/parse.js';
import { countWords, toPlainText, toSrt, toWebVtt } from '../../src/transcripts/render.js';
import { readSnippet } from '../../src/transcripts/snippet.js';

const cues: TranscriptCue[] = [
  { startMs: 558, endMs: 2310, text: 'Okay, let’s get started.', speaker: 'speaker_0' },
  { startMs: 2440, endMs: 7437, text: 'Fifteen minutes, and <b> & --> are\ntext here', speaker: 'speaker_0' },
  { startMs: 13_050, endMs: 3_723_060, text: 'Sure. I finished it.', speaker: 'Ada <Lovelace>' },
  { startMs: 3_723_100, endMs: 3_724_000, text: 'No speaker.', speaker: null },
];

describe('converting a transcript between formats', () => {
  it('writes WebVTT with voice tags and escaped markup, and reads it back unchanged', async () => {
    const vtt = toWebVtt(cues);
    expect(vtt).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.558 --> 00:00:02.310',
        '<v speaker_0>Okay, let’s get started.',
        '',
        '00:00:02.440 --> 00:00:07.437',
        '<v speaker_0>Fifteen minutes, and &lt;b&gt; &amp; --&gt; are',
        'text here',
        '',
        '00:00:13.050 --> 01:02:03.060',
        '<v Ada &lt;Lovelace&gt;>Sure. I finished it.',
        '',
        '01:02:03.100 --> 01:02:04.000',
        'No speaker.',
        '',
      ].join('\n'),
    );
    expect(await parseCaptions(vtt, 'vtt')).toEqual(cues);
  });

  it('writes SRT with Mux’s bracketed speakers and reads it back unchanged', async () => {
    const srt = toSrt(cues);
    expect(srt.split('\n').slice(0, 8)).toEqual([
      '1',
      '00:00:00,558 --> 00:00:02,310',
      '[speaker_0] Okay, let’s get started.',
      '',
      '2',
      '00:00:02,440 --> 00:00:07,437',
      '[speaker_0] Fifteen minutes, and <b> & -> are',
      'text here',
    ]);
    // SRT has no escaping: "<b>" is markup there, and "-->" is written as "->" so it cannot read as a timing line.
    expect(await parseCaptions(srt, 'srt')).toEqual(
      cues.map((cue) => ({ ...cue, text: cue.text.replace(' <b>', '').replace('-->', '->') })),
    );
  });

  it('writes plain text as paragraphs of speech, a new one at a pause or a change of speaker', () => {
    expect(toPlainText(cues)).toBe(
      '[speaker_0] Okay, let’s get started. Fifteen minutes, and <b> & --> are text here\n\n[Ada <Lovelace>] Sure. I ' +
        'finished it.\n\nNo speaker.\n',
    );
    expect(toPlainText([])).toBe('');
  });

  it('counts words by the language’s own rules', () => {
    expect(countWords(cues)).toBe(17);
    expect(countWords([{ startMs: 0, endMs: 1, text: '今日はいい天気です', speaker: null }])).toBeGreaterThan(1);
  });
});

describe('search snippets', () => {
  it('turns the index’s markers into plain text with ranges and into escaped HTML with <mark>', () => {
    const snippet = readSnippet('…the \uE000caption\uE001 <script> & \uE000captions\uE001');
    expect(snippet).toEqual({
      text: '…the caption <script> & captions',
      highlights: [
        { start: 5, end: 12 },
        { start: 24, end: 32 },
      ],
      html: '…the <mark>caption</mark> &lt;script&gt; &amp; <mark>captions</mark>',
    });
    expect(snippet.text.slice(5, 12)).toBe('caption');
  });
});

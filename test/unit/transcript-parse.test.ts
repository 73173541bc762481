import { describe, expect, it } from 'vitest';
import { TRANSCRIPT_LIMITS } from '../../src/transcripts/model.js';
import { CaptionSourceError, parseCaptions } from '../../src/transcripts/parse.js';
import { parseWords } from '../../src/transcripts/words.js';

const cue = (startMs: number, endMs: number, text: string, speaker: string | null = null) => ({
  startMs,
  endMs,
  text,
  speaker,
});

describe('parsing WebVTT and SRT with media-captions', () => {
  it('skips NOTE, STYLE and REGION blocks, header text and cue settings', async () => {
    const vtt = [
      'WEBVTT - a header',
      'Kind: captions',
      '',
      'STYLE',
      '::cue { color: lime }',
      '',
      'REGION',
      'id:fred width:40%',
      '',
      'NOTE a comment',
      'over two lines',
      '',
      'intro',
      '00:00:01.000 --> 00:00:02.500 align:start region:fred',
      'Hello there',
      '',
      'NOTE between cues',
      '',
      '00:01:03.250 --> 00:01:04.000 line:0',
      'Second cue',
      '',
    ].join('\n');
    expect(await parseCaptions(vtt, 'vtt')).toEqual([
      cue(1000, 2500, 'Hello there'),
      cue(63_250, 64_000, 'Second cue'),
    ]);
  });

  it('takes the speaker from a voice tag or a leading [Label], and keeps sound descriptions as text', async () => {
    const vtt = `WEBVTT

00:00:01.000 --> 00:00:02.000
<v.loud Ada Lovelace>Hello <b>there</b> &amp; welcome</v>

00:00:02.000 --> 00:00:03.000
[speaker_1] Thanks for having me

00:00:03.000 --> 00:00:04.000
[laughs] that was fun
`;
    expect(await parseCaptions(vtt, 'vtt')).toEqual([
      cue(1000, 2000, 'Hello there & welcome', 'Ada Lovelace'),
      cue(2000, 3000, 'Thanks for having me', 'speaker_1'),
      cue(3000, 4000, '[laughs] that was fun'),
    ]);
  });

  it('reads SRT with Mux’s bracketed speakers, editor overrides and bare "<"', async () => {
    const srt =
      '1\r\n00:00:01,000 --> 00:00:02,000\r\n[speaker_0] {\\an8}It is <i>two</i> < three\r\n\r\n2\r\n00:00:02,500 ' +
      '--> 00:00:04,000\r\nsecond\r\nline\r\n';
    expect(await parseCaptions(srt, 'srt')).toEqual([
      cue(1000, 2000, 'It is two < three', 'speaker_0'),
      cue(2500, 4000, 'second\nline'),
    ]);
  });

  it('leaves out ruby annotations, which repeat the text they annotate', async () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<ruby>漢字<rt>かんじ</rt></ruby>です\n';
    expect(await parseCaptions(vtt, 'vtt')).toEqual([cue(1000, 2000, '漢字です')]);
  });

  it('strips control, zero-width, bidi and private-use characters, including ones written as entities', async () => {
    const vtt =
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\uFEFFsp\u200Bl\u200Dit\u0007 \u202Eevil\u202C &lrm;mark\uE000s\n';
    expect(await parseCaptions(`\uFEFF${vtt}`, 'vtt')).toEqual([cue(1000, 2000, 'split evil marks')]);
  });

  it('bounds what it keeps: cue text, speaker labels and the number of cues', async () => {
    const long = 'word '.repeat(400);
    const many = Array.from(
      { length: TRANSCRIPT_LIMITS.cues + 5 },
      (_, i) => `${i}\n00:00:0${i % 9},000 --> 00:00:09,000\nline ${i}\n`,
    ).join('\n');
    const [first] = await parseCaptions(
      `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v ${'x'.repeat(200)}>${long}\n`,
      'vtt',
    );
    expect([...(first?.text ?? '')]).toHaveLength(TRANSCRIPT_LIMITS.cueChars);
    expect(first?.text.endsWith('…')).toBe(true);
    expect(first?.speaker).toHaveLength(TRANSCRIPT_LIMITS.speakerChars);
    expect(await parseCaptions(many, 'srt')).toHaveLength(TRANSCRIPT_LIMITS.cues);
  });

  it('refuses files over the size limit and WebVTT without its header', async () => {
    await expect(parseCaptions(`WEBVTT\n\n${'x'.repeat(TRANSCRIPT_LIMITS.sourceBytes)}`, 'vtt')).rejects.toThrow(
      CaptionSourceError,
    );
    await expect(parseCaptions('<html>Forbidden</html>', 'vtt')).rejects.toThrow('must start with "WEBVTT"');
  });

  it('drops cues whose end comes before their start, and empty cues', async () => {
    const vtt =
      'WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nbackwards\n\n00:00:06.000 --> 00:00:07.000\n<b> </b>\n\n00:00:08.000 ' +
      '--> 00:00:09.000\nkept\n';
    expect(await parseCaptions(vtt, 'vtt')).toEqual([cue(8000, 9000, 'kept')]);
  });
});

describe('parsing word timings', () => {
  it('reads Robots’ word-timestamp JSON into millisecond timings, cleaned', () => {
    const json = JSON.stringify({
      words: [
        { text: 'Hel\u200Blo,', start: 0.5, end: 0.91, speaker: 'speaker_0' },
        { text: 'world', start: 1, end: 1.25 },
        { text: '\u200B', start: 2, end: 3 },
      ],
    });
    expect(parseWords(json)).toEqual([
      { text: 'Hello,', startMs: 500, endMs: 910, speaker: 'speaker_0' },
      { text: 'world', startMs: 1000, endMs: 1250, speaker: null },
    ]);
  });

  it('refuses what is not the word-timestamp shape', () => {
    expect(() => parseWords('not json')).toThrow('not JSON');
    expect(() => parseWords('{"words":[{"text":"a","start":-1,"end":2}]}')).toThrow(CaptionSourceError);
    expect(() => parseWords('[]')).toThrow(CaptionSourceError);
  });
});

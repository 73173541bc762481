import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  CaptionParseError,
  type Cue,
  detectSpokenLanguage,
  generateCaptions,
  parseCaptionFile,
  SCRIPT_LANGUAGES,
  scriptLanguageFor,
  toPlainText,
  toSrt,
  toWebVtt,
  toWordsJson,
  translateCues,
  type WordsFile,
} from '../../src/sim/content/index.js';
import { SCRIPTS } from '../../src/sim/content/scripts/index.js';

/** Long enough to play every bundled English script at least once. */
const WHOLE_REPERTOIRE_SECONDS = 1500;

function cue(startTime: number, endTime: number, text: string, speaker?: string): Cue {
  const words = text.split(/\s+/).map((word, i, all) => {
    const step = (endTime - startTime) / all.length;
    return { text: word, startTime: startTime + i * step, endTime: startTime + (i + 1) * step };
  });
  return speaker === undefined ? { startTime, endTime, text, words } : { startTime, endTime, text, speaker, words };
}

function allText(cues: readonly Cue[]): string {
  return cues.map((c) => c.text.replace(/\n/g, ' ')).join(' ');
}

describe('bundled scripts', () => {
  it('cover at least four English scripts and Spanish, French and German, each a few hundred words', () => {
    expect(SCRIPTS.filter((s) => s.language === 'en').length).toBeGreaterThanOrEqual(4);
    for (const language of SCRIPT_LANGUAGES) expect(SCRIPTS.some((s) => s.language === language)).toBe(true);
    for (const script of SCRIPTS) {
      const words = script.turns.flatMap((turn) => turn.text.split(/\s+/)).length;
      expect(words, script.id).toBeGreaterThan(250);
    }
    expect(SCRIPTS.some((s) => new Set(s.turns.map((t) => t.speaker)).size === 3)).toBe(true);
  });

  it('record a misheard form for every braced term', () => {
    for (const script of SCRIPTS) {
      for (const turn of script.turns) {
        for (const [, term] of turn.text.matchAll(/\{([^}]*)\}/g)) {
          expect(script.terms[term ?? '']?.length, `${script.id}: ${term}`).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('generateCaptions', () => {
  const base = { seed: 'asset_7Hc2', durationSeconds: 300, languageCode: 'en' };

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateCaptions(base)).toEqual(generateCaptions(base));
    expect(generateCaptions({ ...base, seed: 'asset_other' })).not.toEqual(generateCaptions(base));
  });

  it('keeps cues inside the duration, ordered, short and readable', () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const cues = generateCaptions({ ...base, seed, durationSeconds: 123.4567 });
      expect(cues.length).toBeGreaterThan(20);
      let previousEnd = 0;
      for (const c of cues) {
        expect(c.startTime).toBeGreaterThanOrEqual(previousEnd);
        expect(c.endTime).toBeGreaterThan(c.startTime);
        expect(c.endTime - c.startTime).toBeLessThanOrEqual(7);
        expect(c.endTime).toBeLessThanOrEqual(123.4567);
        const lines = c.text.split('\n');
        expect(lines.length).toBeLessThanOrEqual(2);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(42);
        previousEnd = c.endTime;
      }
      expect(cues.at(-1)?.endTime).toBeGreaterThan(110);
    }
  });

  it('times every word inside its cue, in order, matching the cue text', () => {
    const cues = generateCaptions(base);
    for (const c of cues) {
      expect(c.words.map((w) => w.text).join(' ')).toBe(c.text.replace(/\n/g, ' '));
      let previousEnd = c.startTime;
      for (const word of c.words) {
        expect(word.startTime).toBeGreaterThanOrEqual(previousEnd);
        expect(word.endTime).toBeGreaterThan(word.startTime);
        expect(word.endTime).toBeLessThanOrEqual(c.endTime);
        previousEnd = word.endTime;
      }
    }
  });

  it('speaks at a natural pace of roughly 2.5 words a second', () => {
    const cues = generateCaptions({ ...base, durationSeconds: 600 });
    const words = cues.reduce((sum, c) => sum + c.words.length, 0);
    expect(words / 600).toBeGreaterThan(2);
    expect(words / 600).toBeLessThan(3);
  });

  it('returns nothing for an asset too short to say a word, and rejects an endless one', () => {
    expect(generateCaptions({ ...base, durationSeconds: 0.2 })).toEqual([]);
    expect(() => generateCaptions({ ...base, durationSeconds: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });

  it('labels speakers only when asked, as speaker_N in order of appearance', () => {
    const plain = generateCaptions({ ...base, durationSeconds: WHOLE_REPERTOIRE_SECONDS });
    expect(plain.every((c) => c.speaker === undefined)).toBe(true);
    const labelled = generateCaptions({ ...base, durationSeconds: WHOLE_REPERTOIRE_SECONDS, includeSpeakers: true });
    expect(labelled.every((c) => /^speaker_\d+$/.test(c.speaker ?? ''))).toBe(true);
    const order = [...new Set(labelled.map((c) => c.speaker))];
    expect(order).toEqual(order.map((_, i) => `speaker_${i}`));
    expect(order.length).toBeGreaterThanOrEqual(3);
    expect(labelled.map((c) => c.text)).toEqual(plain.map((c) => c.text));
  });

  it('speaks the requested language and falls back to a related script for others', () => {
    const spanish = allText(generateCaptions({ ...base, languageCode: 'es' }));
    expect(spanish).toMatch(/subtítulos/);
    expect(allText(generateCaptions({ ...base, languageCode: 'fr' }))).toMatch(/sous-titres/);
    expect(allText(generateCaptions({ ...base, languageCode: 'de-DE' }))).toMatch(/Untertitel/);
    expect(scriptLanguageFor('it')).toBe('es');
    expect(scriptLanguageFor('pl')).toBe('en');
    expect(generateCaptions({ ...base, languageCode: 'it' })).toEqual(
      generateCaptions({ ...base, languageCode: 'it' }),
    );
    expect(allText(generateCaptions({ ...base, languageCode: 'it' }))).toMatch(/subtítulos/);
  });

  it('writes misheard spellings unless a phrase names the term', () => {
    const options = { ...base, durationSeconds: WHOLE_REPERTOIRE_SECONDS };
    const unhinted = allText(generateCaptions(options));
    expect(unhinted).toContain('Mucks');
    expect(unhinted).toMatch(/cooper netties|Cooper Nettys/);
    expect(unhinted).not.toMatch(/\bMux\b|Kubernetes/);

    const hinted = allText(generateCaptions({ ...options, phrases: ['mux', 'Kubernetes', 'web-vtt'] }));
    expect(hinted).not.toMatch(/Mucks|cooper netties|Cooper Nettys|web VTT/);
    expect(hinted).toMatch(/\bmux\b/);
    expect(hinted).toContain('Kubernetes');
    expect(hinted).toContain('web-vtt');
    expect(hinted).toContain('H.L.S.');
  });
});

describe('serialisers', () => {
  const cues = [cue(1, 2.5, 'Hello & welcome\nto <the> show', 'speaker_0'), cue(3.25, 3726.001, 'Bye.')];

  it('writes WebVTT with the header, HH:MM:SS.mmm timings, escaping and bracketed speakers', () => {
    expect(toWebVtt(cues)).toBe(
      'WEBVTT\n\n' +
        '00:00:01.000 --> 00:00:02.500\n[speaker_0] Hello &amp; welcome\nto &lt;the&gt; show\n\n' +
        '00:00:03.250 --> 01:02:06.001\nBye.\n',
    );
    expect(toWebVtt(cues, { speakers: 'voice' })).toContain('<v speaker_0>Hello &amp; welcome');
    expect(toWebVtt(cues, { speakers: 'none' })).not.toContain('speaker_0');
  });

  it('writes numbered SRT with comma milliseconds and bracketed speakers', () => {
    expect(toSrt(cues)).toBe(
      '1\n00:00:01,000 --> 00:00:02,500\n[speaker_0] Hello & welcome\nto <the> show\n\n' +
        '2\n00:00:03,250 --> 01:02:06,001\nBye.\n',
    );
  });

  it('writes the transcript as paragraphs without timings or labels', () => {
    const generated = generateCaptions({
      seed: 'txt',
      durationSeconds: 240,
      languageCode: 'en',
      includeSpeakers: true,
    });
    const text = toPlainText(generated);
    expect(text).not.toMatch(/-->|\d\d:\d\d|speaker_/);
    expect(text.split('\n\n').length).toBeGreaterThan(1);
    expect(text.replace(/\s+/g, ' ').trim()).toBe(allText(generated));
    expect(toPlainText([])).toBe('');
  });

  it('writes word timings as {words: [{text, start, end, speaker?}]}', () => {
    const file = JSON.parse(toWordsJson(cues)) as WordsFile;
    expect(file.words).toHaveLength(cues[0]!.words.length + 1);
    expect(file.words[0]).toEqual({ text: 'Hello', start: 1, end: cues[0]!.words[0]!.endTime, speaker: 'speaker_0' });
    expect(file.words.at(-1)).toEqual({ text: 'Bye.', start: 3.25, end: 3726.001 });
  });
});

describe('parseCaptionFile', () => {
  it('round-trips generated WebVTT and SRT with text, timings and speakers', async () => {
    const generated = generateCaptions({ seed: 'rt', durationSeconds: 400, languageCode: 'en', includeSpeakers: true });
    const strip = (list: readonly Cue[]) =>
      list.map(({ startTime, endTime, text, speaker }) => ({ startTime, endTime, text, speaker }));
    for (const file of [toWebVtt(generated), toWebVtt(generated, { speakers: 'voice' }), toSrt(generated)]) {
      const parsed = await parseCaptionFile(file);
      expect(strip(parsed.cues)).toEqual(strip(generated));
    }
    expect((await parseCaptionFile(toSrt(generated))).format).toBe('srt');
  });

  it('reads hand-written WebVTT: BOM, CRLF, NOTE/STYLE/REGION, identifiers, settings, markup, voices', async () => {
    const file = [
      '\uFEFFWEBVTT - exported by an editor',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'NOTE reviewed by the content team',
      'second note line',
      '',
      'REGION',
      'id:bottom width:40% lines:3',
      '',
      'intro',
      '00:00:01.000 --> 00:00:04.200 align:start line:90%',
      '<v Maya Lopez>Welcome to <i>the</i> show &amp; thanks',
      'for joining us.',
      '',
      '00:05.500 --> 00:07.000',
      '<c.loud>No voice</c> here',
      '',
    ].join('\r\n');
    const parsed = await parseCaptionFile(file);
    expect(parsed.format).toBe('vtt');
    expect(parsed.cues).toHaveLength(2);
    expect(parsed.cues[0]).toMatchObject({
      startTime: 1,
      endTime: 4.2,
      text: 'Welcome to the show & thanks\nfor joining us.',
      speaker: 'Maya Lopez',
    });
    expect(parsed.cues[1]).toMatchObject({ startTime: 5.5, endTime: 7, text: 'No voice here' });
    expect(parsed.cues[1]?.speaker).toBeUndefined();
    for (const c of parsed.cues) {
      expect(c.words.map((w) => w.text).join(' ')).toBe(c.text.replace(/\n/g, ' '));
      expect(c.words[0]?.startTime).toBe(c.startTime);
      expect(c.words.at(-1)?.endTime).toBe(c.endTime);
    }
  });

  it('reads SRT: numbers, blank-looking separators, tags, bracketed speakers, sound descriptions kept', async () => {
    const file = [
      '1',
      '00:00:00,500 --> 00:00:02,000',
      '{\\an8}<i>[Narrator]</i> It began, as these things do,',
      'with a typo.',
      '  ',
      '2',
      '00:00:02,250 --> 00:00:03,000',
      '[laughs] Really? 3 < 4',
      '',
    ].join('\r\n');
    const parsed = await parseCaptionFile(file);
    expect(parsed.format).toBe('srt');
    expect(parsed.cues).toEqual([
      expect.objectContaining({
        startTime: 0.5,
        endTime: 2,
        text: 'It began, as these things do,\nwith a typo.',
        speaker: 'Narrator',
      }),
      expect.objectContaining({ startTime: 2.25, endTime: 3, text: '[laughs] Really? 3 < 4' }),
    ]);
    expect(parsed.cues[1]?.speaker).toBeUndefined();
  });

  it('accepts a WebVTT file with no cues', async () => {
    await expect(parseCaptionFile('WEBVTT\n')).resolves.toEqual({ format: 'vtt', cues: [] });
  });

  it('rejects text that is neither WebVTT nor SRT, and broken timings, with CaptionParseError', async () => {
    await expect(parseCaptionFile('<html><body>Not found</body></html>')).rejects.toBeInstanceOf(CaptionParseError);
    await expect(parseCaptionFile('')).rejects.toThrow(/empty/);
    await expect(parseCaptionFile('{"words":[{"text":"hi","start":1,"end":2}]}')).rejects.toThrow(/not a caption file/);
    const broken = parseCaptionFile('WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nhi\n');
    await expect(broken).rejects.toBeInstanceOf(CaptionParseError);
    await expect(broken).rejects.toMatchObject({ name: 'CaptionParseError', line: 3 });
  });

  it('lets an edited track round-trip: download, edit, upload, download', async () => {
    const original = generateCaptions({
      seed: 'edit-rt',
      durationSeconds: WHOLE_REPERTOIRE_SECONDS,
      languageCode: 'en',
    });
    const downloaded = await parseCaptionFile(toWebVtt(original));
    const edited = applyEdits(downloaded.cues, {
      replacements: [{ find: 'Mucks', replace: 'Mux', caseSensitive: true }],
    });
    expect(edited.totalReplacementCount).toBeGreaterThan(0);
    const reuploaded = await parseCaptionFile(toWebVtt(edited.cues));
    expect(allText(reuploaded.cues)).not.toContain('Mucks');
    expect(allText(reuploaded.cues).match(/\bMux\b/g)).toHaveLength(edited.totalReplacementCount);
  });
});

describe('applyEdits', () => {
  const cues = [
    cue(0, 2, 'Mucks ships Mucks Data.', 'speaker_0'),
    cue(2, 4, 'mucks is not Muckstown,\nwe are gonna fix it', 'speaker_1'),
    cue(4, 6, 'Nothing to see here', 'speaker_0'),
  ];

  it('replaces whole words, case-insensitively unless asked, and counts each replacement', () => {
    const result = applyEdits(cues, {
      replacements: [
        { find: 'mucks', replace: 'Mux' },
        { find: 'gonna', replace: 'going to' },
      ],
    });
    expect(result.totalReplacementCount).toBe(4);
    expect(result.cues.map((c) => c.text)).toEqual([
      'Mux ships Mux Data.',
      'Mux is not Muckstown,\nwe are going to fix it',
      'Nothing to see here',
    ]);
    const sensitive = applyEdits(cues, { replacements: [{ find: 'Mucks', replace: 'Mux', caseSensitive: true }] });
    expect(sensitive.totalReplacementCount).toBe(2);
    expect(sensitive.cues[1]?.text).toContain('mucks is');
  });

  it('matches phrases across line breaks', () => {
    const result = applyEdits([cue(0, 2, 'we use web\nVTT files')], {
      replacements: [{ find: 'web VTT', replace: 'WebVTT' }],
    });
    expect(result).toMatchObject({ totalReplacementCount: 1, cues: [{ text: 'we use WebVTT files' }] });
  });

  it('relabels speakers and counts each relabelled cue', () => {
    const result = applyEdits(cues, { speakerReplacements: [{ find: 'speaker_0', replace: 'Alice' }] });
    expect(result.totalReplacementCount).toBe(2);
    expect(result.cues.map((c) => c.speaker)).toEqual(['Alice', 'speaker_1', 'Alice']);
    expect(result.cues[0]?.text).toBe(cues[0]?.text);
  });

  it('keeps word timings of untouched cues and re-times edited ones inside the cue', () => {
    const result = applyEdits(cues, { replacements: [{ find: 'gonna', replace: 'going to' }] });
    expect(result.cues[0]?.words).toBe(cues[0]?.words);
    const edited = result.cues[1]!;
    expect(edited.words.map((w) => w.text)).toContain('going');
    expect(edited.words[0]?.startTime).toBe(2);
    expect(edited.words.at(-1)?.endTime).toBe(4);
  });

  describe('censoring', () => {
    const rude = [
      cue(0, 3, 'That was a damn nightmare, total crap.'),
      cue(3, 4, 'Shit!'),
      cue(4, 6, 'Call Dick Smith about the heck'),
    ];

    it('blank inserts bracketed underscores', () => {
      const result = applyEdits(rude, { censor: { mode: 'blank' } });
      expect(result.totalReplacementCount).toBe(4);
      expect(result.cues.map((c) => c.text)).toEqual([
        'That was a [__] nightmare, total [__].',
        '[__]!',
        'Call [__] Smith about the heck',
      ]);
    });

    it('mask replaces the characters with question marks', () => {
      expect(applyEdits(rude, { censor: { mode: 'mask' } }).cues[0]?.text).toBe(
        'That was a ???? nightmare, total ????.',
      );
    });

    it('remove drops the word, tidies the line and drops cues left empty', () => {
      const result = applyEdits(rude, { censor: { mode: 'remove' } });
      expect(result.totalReplacementCount).toBe(4);
      expect(result.cues.map((c) => c.text)).toEqual([
        'That was a nightmare, total.',
        '!',
        'Call Smith about the heck',
      ]);
      const emptied = applyEdits([cue(0, 1, 'Damn'), cue(1, 2, 'fine')], { censor: { mode: 'remove' } });
      expect(emptied.cues.map((c) => c.text)).toEqual(['fine']);
    });

    it('honours always_censor and never_censor, including words inside a never-censor phrase', () => {
      const result = applyEdits(rude, { censor: { alwaysCensor: ['heck'], neverCensor: ['crap', 'Dick Smith'] } });
      expect(result.totalReplacementCount).toBe(3);
      expect(result.cues.map((c) => c.text)).toEqual([
        'That was a [__] nightmare, total crap.',
        '[__]!',
        'Call Dick Smith about the [__]',
      ]);
    });

    it('runs after replacements, so a replacement cannot introduce profanity', () => {
      const result = applyEdits([cue(0, 1, 'oh darn')], {
        replacements: [{ find: 'darn', replace: 'damn' }],
        censor: { mode: 'mask' },
      });
      expect(result).toMatchObject({ totalReplacementCount: 2, cues: [{ text: 'oh ????' }] });
    });
  });
});

describe('translateCues', () => {
  const source = generateCaptions({
    seed: 'translate-me',
    durationSeconds: WHOLE_REPERTOIRE_SECONDS,
    languageCode: 'en',
    includeSpeakers: true,
  });

  it('keeps timings and speakers, writes target-language text, and is deterministic', () => {
    const result = translateCues(source, 'es');
    expect(result.cues.map(({ startTime, endTime, speaker }) => ({ startTime, endTime, speaker }))).toEqual(
      source.map(({ startTime, endTime, speaker }) => ({ startTime, endTime, speaker })),
    );
    expect(allText(result.cues)).toMatch(/\b(que|los|subtítulos)\b/);
    expect(translateCues(source, 'es')).toEqual(result);
    expect(allText(translateCues(source, 'de').cues)).toMatch(/\b(und|die|Untertitel)\b/);
    for (const c of result.cues) {
      expect(c.text.split('\n').length).toBeLessThanOrEqual(2);
      expect(c.words.map((w) => w.text).join(' ')).toBe(c.text.replace(/\n/g, ' '));
    }
  });

  it('preserves never-translate terms exactly, once per occurrence in the source', () => {
    const terms = ['Mucks', 'Shivawn', 'H.L.S.'];
    const result = translateCues(source, 'fr', { neverTranslate: terms });
    expect(result.neverTranslateTermsPreserved).toBe(true);
    const count = (text: string, term: string) => text.split(term).length - 1;
    expect(count(allText(source), 'Mucks')).toBeGreaterThan(0);
    for (const term of terms)
      expect(count(allText(result.cues), term)).toBeGreaterThanOrEqual(count(allText(source), term));
    source.forEach((c, i) => {
      for (const term of terms) if (c.text.includes(term)) expect(result.cues[i]?.text).toContain(term);
    });
  });
});

describe('detectSpokenLanguage', () => {
  it('defaults to English with a deterministic confidence', () => {
    const detected = detectSpokenLanguage('asset_1');
    expect(detected.languageCode).toBe('en');
    expect(detected.confidence).toBeGreaterThan(0.8);
    expect(detected.confidence).toBeLessThanOrEqual(1);
    expect(detectSpokenLanguage('asset_1')).toEqual(detected);
  });

  it('takes the language from a code, a query parameter or a file-name suffix', () => {
    expect(detectSpokenLanguage('a', 'es').languageCode).toBe('es');
    expect(detectSpokenLanguage('a', 'pt-BR').languageCode).toBe('pt');
    expect(detectSpokenLanguage('a', 'https://cdn.example.com/v/talk.mp4?lang=fr').languageCode).toBe('fr');
    expect(detectSpokenLanguage('a', 'https://cdn.example.com/v/talk.de.mp4').languageCode).toBe('de');
    expect(detectSpokenLanguage('a', 'https://cdn.example.com/v/video.mp4').languageCode).toBe('en');
    expect(detectSpokenLanguage('a', 'https://cdn.example.com/v/talk.xx.mp4?lang=zz').languageCode).toBe('en');
  });
});

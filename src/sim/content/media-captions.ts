import * as untyped from 'media-captions';

/*
 * media-captions runs fine under plain Node (its cues extend EventTarget when there is no DOM),
 * but its bundled .d.ts files re-export through extensionless paths ("./parse/parse-text") inside
 * a "type": "module" package. Under NodeNext resolution TypeScript therefore sees a module with no
 * exports. These hand-written types cover exactly the subset used here, checked against 1.0.4.
 */

export interface LibraryCue {
  id: string;
  startTime: number;
  endTime: number;
  text: string;
}

export interface TextNode {
  type: 'text';
  data: string;
}

export interface BlockNode {
  type: 'c' | 'i' | 'b' | 'u' | 'ruby' | 'rt' | 'v' | 'lang' | 'timestamp';
  /** Set on "v" nodes: the annotation of `<v Name>`. */
  voice?: string;
  children: CueNode[];
}

export type CueNode = TextNode | BlockNode;

export interface LibraryParseError {
  code: number;
  message: string;
  line: number;
}

interface MediaCaptions {
  parseTextStream(
    lines: ReadableStream<string>,
    options: { type: 'vtt' | 'srt'; strict: boolean; errors: boolean },
  ): Promise<{ cues: LibraryCue[]; errors: LibraryParseError[] }>;
  tokenizeVTTCue(cue: LibraryCue): CueNode[];
  ParseErrorCode: { readonly BadTimestamp: number };
}

export const mediaCaptions = untyped as unknown as MediaCaptions;

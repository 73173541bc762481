import * as untyped from 'media-captions';

/*
 * media-captions' bundled .d.ts files re-export through extensionless paths inside a "type": "module"
 * package, so under NodeNext TypeScript sees a module without exports. These types cover exactly the part
 * the gateway uses, checked against 1.0.4; the library itself runs as is under Node (cues extend EventTarget
 * when there is no DOM).
 */

export interface LibraryCue {
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

interface MediaCaptions {
  parseTextStream(
    lines: ReadableStream<string>,
    options: { type: 'vtt' | 'srt'; strict: false; onCue?(cue: LibraryCue): void },
  ): Promise<{ cues: LibraryCue[] }>;
  tokenizeVTTCue(cue: LibraryCue): CueNode[];
}

export const mediaCaptions = untyped as unknown as MediaCaptions;

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANIFEST_PATH, studioDocuments, studioManifest } from '../../scripts/studio-documents.js';
import { readTrustedDocuments } from '../../src/auth/trusted-documents.js';

describe('web/trusted-documents.json', () => {
  it("lists the studio's operations as it sends them (run `npm run trusted-documents` after changing web/src)", () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(studioManifest());
  });

  it('is a manifest the gateway accepts, with every operation of the studio', () => {
    const documents = readTrustedDocuments(MANIFEST_PATH);
    expect(documents).toBeInstanceOf(Map);
    const texts = [...(documents as Map<string, string>).values()];
    expect(texts.map((text) => /^(query|mutation|subscription) (\w+)/.exec(text)?.[2])).toEqual(
      expect.arrayContaining(['AssetPage', 'AssetCaptionWork', 'ReplaceCaptions', 'GeneratePremiumCaptions']),
    );
    expect(texts).toHaveLength(studioDocuments().size);
    // graphcache asks for __typename and drops client-only directives before the studio sends a document.
    expect(texts.every((text) => text.includes('__typename') && !text.includes('@_unmask'))).toBe(true);
  });
});

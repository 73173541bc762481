import { writeFileSync } from 'node:fs';
import { MANIFEST_PATH, studioManifest } from './studio-documents.js';

writeFileSync(MANIFEST_PATH, studioManifest());
console.log(`wrote ${MANIFEST_PATH}`);

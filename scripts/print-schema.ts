import { writeFileSync } from 'node:fs';
import { printGatewaySchema } from '../src/schema/index.js';

const target = new URL('../schema.graphql', import.meta.url);
writeFileSync(target, printGatewaySchema());
console.log(`wrote ${target.pathname}`);

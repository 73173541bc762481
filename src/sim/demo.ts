import type { SimContext } from './context.js';

export async function seedDemoAssets(_context: SimContext): Promise<void> {}

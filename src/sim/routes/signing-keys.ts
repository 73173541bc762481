import type { RouteRegistrar } from '../app.js';

export const registerSigningKeyRoutes: RouteRegistrar = () => {};

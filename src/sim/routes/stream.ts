import type { RouteRegistrar } from '../app.js';

export const registerStreamRoutes: RouteRegistrar = () => {};

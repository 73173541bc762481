import type { RouteRegistrar } from '../app.js';

export const registerVideoRoutes: RouteRegistrar = () => {};

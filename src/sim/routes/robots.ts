import type { RouteRegistrar } from '../app.js';

export const registerRobotsRoutes: RouteRegistrar = () => {};

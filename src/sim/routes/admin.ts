import type { RouteRegistrar } from '../app.js';

export const registerAdminRoutes: RouteRegistrar = () => {};

import type { RouteRegistrar } from '../app.js';

export const registerWebhookEndpointRoutes: RouteRegistrar = () => {};

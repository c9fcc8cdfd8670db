/** The auth module's routes by audience: sign-in (portal), own account and accounts (back office), API. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { accountRoutes } from './account.tsx';
import { adminUserRoutes } from './admin-users.tsx';
import { authApiRoutes } from './api.ts';
import { signinRoutes } from './signin.tsx';
import { registerRoutes } from '../../../web/register.ts';

/** Every auth route. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, signinRoutes, accountRoutes, authApiRoutes, adminUserRoutes);
};

/** The auth module's routes by audience: sign-in (portal), own account and accounts (back office), API. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { accountRoutes } from './account.tsx';
import { adminUserRoutes } from './admin-users.tsx';
import { authApiRoutes } from './api.ts';
import { signinRoutes } from './signin.tsx';

/** Every auth route. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(signinRoutes);
  await app.register(accountRoutes);
  await app.register(authApiRoutes);
  await app.register(adminUserRoutes);
};

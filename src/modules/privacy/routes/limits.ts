/** The scan's rate limit, shared by the API and the check page. */
import type { FastifyRequest } from 'fastify';

/** Each member of staff may scan 60 texts a minute (a scan of 500 000 characters takes ~1 s). */
export const scanRateLimit = {
  max: 60,
  timeWindow: '1 minute',
  keyGenerator: (req: FastifyRequest) =>
    req.actor?.kind === 'user' ? `privacy-scan:u${req.actor.id}` : `privacy-scan:${req.ip}`,
};

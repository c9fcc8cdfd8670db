/** What the API and the back office share: the `?org=` target and the report downloads. */
import type { FastifyReply } from 'fastify';
import type { Actor, AppContext } from '../../../context.ts';
import { listPublicOrgs } from '../../org/service.ts';
import { inspectionDocx, inspectionXlsx, reportTitle } from '../export.ts';
import { defaultTarget, getRun, listRuns } from '../service.ts';

/** `?org=` → target: 0 the site, a number that unit, absent the actor's default. */
export const targetFrom = (actor: Actor, org: number | undefined | null) =>
  org == null ? defaultTarget(actor) : org === 0 ? null : org;

const FILE_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Sends a run's report as a Word or Excel download. */
export async function sendReport(
  ctx: AppContext,
  actor: Actor,
  reply: FastifyReply,
  id: number,
  format: 'docx' | 'xlsx',
) {
  const run = await getRun(ctx, actor, id);
  const history = (await listRuns(ctx, actor, { orgId: run.orgId, limit: 500 }))
    .filter((h) => h.id <= run.id)
    .slice(0, 20);
  const orgNames = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));
  const rep = { run, history, orgNames, publicUrl: ctx.config.publicUrl };
  const data = format === 'docx' ? await inspectionDocx(rep) : await inspectionXlsx(rep);
  return reply
    .type(FILE_TYPES[format])
    .header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(`${reportTitle(run)}.${format}`)}`,
    )
    .send(data);
}

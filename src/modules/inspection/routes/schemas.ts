/** The 自查 API's schemas: a run, its findings and evidence. */
import { Type } from 'typebox';
import { CHECKS } from '../model.ts';

export const tags = ['自查'];
export const Nullable = <T extends ReturnType<typeof Type.Integer> | ReturnType<typeof Type.String>>(t: T) =>
  Type.Union([t, Type.Null()]);
export const RunSchema = Type.Object({
  id: Type.Integer(),
  orgId: Nullable(Type.Integer({ description: '被检查单位；null 为政府门户网站' })),
  orgName: Type.String(),
  trigger: Type.String({ description: 'job 定时 / manual 手动 / cli 命令行' }),
  actorName: Type.String(),
  asOf: Type.String({ description: '检查日期（北京时间）' }),
  startedAt: Type.String(),
  finishedAt: Type.String(),
  vetoFailed: Type.Integer({ description: '不通过的单项否决指标数' }),
  failed: Type.Integer({ description: '不通过的检查项数' }),
  warned: Type.Integer({ description: '需关注的检查项数' }),
  pagesCrawled: Type.Integer(),
  linksChecked: Type.Integer(),
});
export const EvidenceSchema = Type.Object({
  title: Type.String(),
  url: Nullable(Type.String()),
  orgId: Nullable(Type.Integer()),
  detail: Type.String(),
});
export const FindingSchema = Type.Object({
  key: Type.String({
    description: Object.entries(CHECKS)
      .map(([k, c]) => `${k} ${c.label}`)
      .join('；'),
  }),
  status: Type.String({ description: 'pass 通过 / warn 需关注 / fail 不通过 / skipped 未检查' }),
  veto: Type.Boolean({ description: '是否单项否决指标' }),
  count: Type.Integer(),
  summary: Type.String(),
  evidence: Type.Array(EvidenceSchema),
});
export const RunDetailSchema = Type.Intersect([
  RunSchema,
  Type.Object({ findings: Type.Array(FindingSchema) }),
]);
export const OrgQuery = Type.Optional(
  Type.Integer({ minimum: 0, description: '单位编号；0 为政府门户网站' }),
);

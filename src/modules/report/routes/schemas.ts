/** The annual report's API schemas and the back-office forms' bodies and queries. */
import { Type } from 'typebox';
import { FormBody, FormField, StrictObject } from '../../../web/schemas.ts';
import { TABLE3_COLUMNS, TABLE3_ROWS } from '../model.ts';

/** The API report query. */
export const ReportQuerySchema = StrictObject({
  org: Type.Integer({ minimum: 1, description: '机关编号' }),
  year: Type.Integer({ minimum: 2008, maximum: 2100, description: '年度' }),
  scope: Type.Optional(
    Type.Union([Type.Literal('own'), Type.Literal('rollup')], {
      description: 'own：本机关；rollup：本机关及下属机关汇总',
    }),
  ),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('docx'), Type.Literal('xlsx')])),
});

const counts = (cols: readonly string[]) =>
  Type.Object(Object.fromEntries(cols.map((c) => [c, Type.Integer()])));
/** The report as JSON. */
export const ReportJsonSchema = Type.Object({
  org: Type.Object({ id: Type.Integer(), name: Type.String() }),
  year: Type.Integer(),
  scope: Type.String(),
  table2: Type.Unknown({
    description:
      '表二：rules、normativeDocuments（issued/repealed/inForce）、licensing、penalties、enforcement、feesWanYuan',
  }),
  table3: Type.Object(Object.fromEntries(TABLE3_ROWS.map((r) => [r, counts(TABLE3_COLUMNS)])), {
    description:
      '表三：行键 received、carriedOver、各办理结果代码、closedTotal、carriedForward；列键 natural、commercial、research、publicInterest、legalServices、otherOrg、total',
  }),
  table4: Type.Unknown({
    description:
      '表四：reconsideration、litigation_direct、litigation_after_reconsideration，各含 upheld、corrected、other、pending、total',
  }),
  fees: Type.Object({
    noticesSent: Type.Integer(),
    noticesTotalYuan: Type.String(),
    collectedYuan: Type.String(),
  }),
  narrative: Type.Object({ overview: Type.String(), problems: Type.String(), other: Type.String() }),
  problems: Type.Array(
    Type.Object({ kind: Type.String(), message: Type.String(), caseIds: Type.Array(Type.Integer()) }),
    { description: '一致性检查发现的问题' },
  ),
  previousYear: Type.Union([Type.Null(), Type.Unknown()], {
    description:
      '上年数据（同比）：year、source（imported 导入 / computed 系统计算）、format（2019 / 2021）、table2、table3（2019 年版导入时（六）的三个子项为 null）、otherTotal（（六）其他处理合计）、table4、extra（2019 年版特有的数字）；没有上年数据时为 null',
  }),
  yearOnYear: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      previous: Type.Union([Type.Number(), Type.Null()]),
      current: Type.Union([Type.Number(), Type.Null()]),
    }),
    { description: '同比：上年与本年的主要数字' },
  ),
  published: Type.Union(
    [
      Type.Null(),
      Type.Object({
        itemId: Type.Integer({ description: '已发布的“公开年报”稿件' }),
        scope: Type.String({ description: '已发布报告的范围（own / rollup）' }),
        takenAt: Type.String({ description: '已发布版本提交的时间（其数字以此时的数据为准，之后不再改变）' }),
        changes: Type.Array(
          Type.Object({
            key: Type.String(),
            label: Type.String(),
            published: Type.Union([Type.Number(), Type.Null()]),
            now: Type.Union([Type.Number(), Type.Null()]),
          }),
          { description: '按现在的数据与已发布数字不同的格子（已发布 → 现在）；范围不同时为空' },
        ),
      }),
    ],
    { description: '已发布的本年度报告：没有发布时为 null' },
  ),
});

/** Which org and year an imported report is, and its format. */
export const ImportQuerySchema = StrictObject({
  org: Type.Integer({ minimum: 1, description: '机关编号' }),
  year: Type.Integer({ minimum: 2008, maximum: 2100, description: '被导入报告的年度' }),
  format: Type.Optional(
    Type.Union([Type.Literal('2019'), Type.Literal('2021')], { description: '报告格式；省略时按内容识别' }),
  ),
});

/**
 * The back-office pages' query (report page, drill-downs, form actions): text, read by `queryOf`, so
 * a wrong value is a Chinese 400 from the page, as before.
 */
export const ReportPageQuery = FormBody({
  org: FormField,
  year: FormField,
  scope: FormField,
  tab: FormField,
  format: FormField,
  imported: FormField,
  row: FormField,
  col: FormField,
  cell: FormField,
});

/** The editing form: the written sections and the entered figures. */
export const ReportFormBody = FormBody({
  overview: FormField,
  problems: FormField,
  other: FormField,
  licensing: FormField,
  penalties: FormField,
  enforcement: FormField,
  feesYuan: FormField,
  rulesIssued: FormField,
  rulesRepealed: FormField,
  rulesInForce: FormField,
});

/** 提交发布: the tick for empty sections, and whether it came from the confirmation page. */
export const SubmitFormBody = FormBody({ acknowledgeEmpty: FormField, confirmPage: FormField });

/** The confirmed import of figures read from a published report. */
export const ImportConfirmBody = FormBody({
  org: FormField,
  year: FormField,
  format: FormField,
  figures: FormField,
});

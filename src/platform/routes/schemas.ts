/** TypeBox schemas of the city roll-up API (GET /api/v1/city/rollup): they validate, serialise and document it. */
import { Type } from 'typebox';
import { OUTCOME_CODES } from '../../modules/foi/outcomes.ts';
import {
  TABLE3_COLUMNS,
  TABLE3_LABELS,
  TABLE3_ROWS,
  TABLE4_COLUMNS,
  TABLE4_GROUP_LABELS,
  TABLE4_GROUPS,
} from '../../modules/report/model.ts';

const counts = (keys: readonly string[], description?: string) =>
  Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Integer()])), { description });

const ReportFiguresSchema = Type.Object(
  {
    table2: Type.Object(
      {
        rules: counts(['issued', 'repealed', 'inForce'], '规章：本年制发、本年废止、现行有效件数'),
        normativeDocuments: counts(['issued', 'repealed', 'inForce'], '行政规范性文件：同上'),
        licensing: Type.Union([Type.Integer(), Type.Null()], {
          description: '行政许可处理决定数（未填为 null）',
        }),
        penalties: Type.Union([Type.Integer(), Type.Null()], {
          description: '行政处罚处理决定数（未填为 null）',
        }),
        enforcement: Type.Union([Type.Integer(), Type.Null()], {
          description: '行政强制处理决定数（未填为 null）',
        }),
        feesWanYuan: Type.Union([Type.Number(), Type.Null()], {
          description: '行政事业性收费金额（万元，未填为 null）',
        }),
      },
      { description: '表二：主动公开政府信息情况' },
    ),
    table3: Type.Object(
      Object.fromEntries(TABLE3_ROWS.map((r) => [r, counts(TABLE3_COLUMNS, TABLE3_LABELS[r])])),
      {
        description:
          '表三：收到和处理政府信息公开申请情况；行键 received、carriedOver、各办理结果代码、closedTotal、carriedForward，列键为申请人类型和 total',
      },
    ),
    table4: Type.Object(
      Object.fromEntries(TABLE4_GROUPS.map((g) => [g, counts(TABLE4_COLUMNS, TABLE4_GROUP_LABELS[g])])),
      { description: '表四：政府信息公开行政复议、行政诉讼情况' },
    ),
    fees: Type.Object(
      {
        noticesSent: Type.Integer({ description: '发出收费通知的件数' }),
        noticesTotalFen: Type.Integer({ description: '收费通知金额合计（分）' }),
        collectedFen: Type.Integer({ description: '实际收取金额（分）' }),
      },
      { description: '信息处理费' },
    ),
  },
  { description: '年度报告各表的数字（与 GET /api/v1/reports/annual 的 scope=rollup 相同）' },
);

const FoiSchema = Type.Object(
  {
    received: Type.Integer({ description: '本年新收申请' }),
    carriedOver: Type.Integer({ description: '上年结转' }),
    closed: Type.Integer({ description: '本年办结（已答复）' }),
    carriedForward: Type.Integer({ description: '结转下年' }),
    overdue: Type.Integer({ description: '超过法定答复期限（条例第三十三条）的申请' }),
    byOutcome: counts(OUTCOME_CODES, '按办理结果：本年办结件数'),
  },
  { description: '依申请公开统计' },
);

const InterpretationSchema = Type.Object(
  {
    total: Type.Integer({ description: '本年需解读的文件数' }),
    interpreted: Type.Integer({ description: '已解读的文件数' }),
    late: Type.Integer({ description: '解读晚于文件发布（非同步）的文件数' }),
    rate: Type.Union([Type.Number(), Type.Null()], {
      description: '解读率（0–1）；没有需解读的文件时为 null',
    }),
  },
  { description: '政策解读率（规范性文件和需解读的政策文件）' },
);

const LedgerSchema = Type.Object(
  {
    total: Type.Integer({ description: '本年工作要点任务（单位承担的部分）数' }),
    done: Type.Integer({ description: '已完成（含持续推进）' }),
    open: Type.Integer({ description: '未到期、尚未完成' }),
    overdue: Type.Integer({ description: '已逾期' }),
    completionPercent: Type.Number({ description: '完成率（%，一位小数）' }),
  },
  { description: '工作要点台账进度（年末或今天为准）' },
);

const SiteFiguresSchema = Type.Object({
  code: Type.String({ description: '站点代码' }),
  name: Type.String({ description: '站点名称' }),
  orgName: Type.String({ description: '站点所属的人民政府（年度报告的机关，含其下属机关）' }),
  report: ReportFiguresSchema,
  foi: FoiSchema,
  interpretation: InterpretationSchema,
  inspection: Type.Union(
    [
      Type.Object({
        asOf: Type.String({ description: '检查日期' }),
        vetoFailed: Type.Integer({ description: '单项否决指标未通过数' }),
        failed: Type.Integer({ description: '未通过的检查项' }),
        warned: Type.Integer({ description: '需注意的检查项' }),
      }),
      Type.Null(),
    ],
    { description: '最近一次全站自查的结果；从未检查为 null' },
  ),
  ledger: LedgerSchema,
});

/** The roll-up as the API answers it. */
export const CityRollupSchema = Type.Object({
  year: Type.Integer({ description: '年度' }),
  city: Type.Object({ code: Type.String(), name: Type.String() }, { description: '本站点（上级站点）' }),
  sites: Type.Array(SiteFiguresSchema, { description: '本站点在前，其后是各下级站点（按站点代码）' }),
  total: Type.Object(
    {
      report: ReportFiguresSchema,
      foi: FoiSchema,
      interpretation: InterpretationSchema,
      inspection: Type.Object(
        {
          sitesInspected: Type.Integer({ description: '做过全站自查的站点数' }),
          vetoFailed: Type.Integer(),
          failed: Type.Integer(),
          warned: Type.Integer(),
        },
        { description: '各站点最近一次自查结果之和' },
      ),
      ledger: LedgerSchema,
    },
    { description: '全市合计：各表逐格相加，比率按合计数重新计算' },
  ),
});

/** The privacy module's back-office pages: the check page's results, the 错敏词 list and form. */
import { Notice } from '../../../web/components.tsx';
import { CrudForm, type CrudField, type FormState } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { EXPRESSION_KIND_LABELS, KINDS, SEVERITIES, SEVERITY_LABELS } from '../expressions.ts';
import { maskAll } from '../scanner.ts';
import type { ExpressionRuleInput, ScanResult } from '../service.ts';
import type { StoredExpressionRule } from '../store.ts';

/** The form adding or editing a 错敏词 rule. */
export function RuleForm({ page, form }: { page: PageContext; form: FormState<ExpressionRuleInput> }) {
  const fields: CrudField[] = [
    { name: 'term', label: '词语', required: true, maxLength: 50, hint: '按原样匹配，如“国家工商总局”' },
    { name: 'suggestion', label: '修改建议', required: true, maxLength: 200 },
    {
      kind: 'select',
      name: 'kind',
      label: '类别',
      default: 'outdated',
      options: KINDS.map((k) => ({ value: k, label: EXPRESSION_KIND_LABELS[k] })),
    },
    {
      kind: 'select',
      name: 'severity',
      label: '严重程度',
      default: 'warning',
      options: SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] })),
      hint: '“严重”的表述会阻止发布；“提示”只显示修改建议',
    },
    {
      kind: 'textarea',
      name: 'note',
      label: '说明',
      rows: 2,
      maxLength: 500,
      hint: '依据，如机构改革方案、文件名称',
    },
    {
      kind: 'textarea',
      name: 'exceptions',
      label: '例外',
      rows: 3,
      hint: '包含该词语但用法正确的较长说法，每行一个，如词语“十九大”的例外“党的十九大”',
    },
    { kind: 'checkbox', name: 'active', label: '启用', default: true },
  ];
  const exceptions = (form.values?.exceptions ?? []).join('\n');
  return (
    <CrudForm
      page={page}
      form={{ ...form, values: { ...form.values, exceptions } }}
      fields={fields}
      cancel="/admin/privacy/expressions"
    />
  );
}

/** The 错敏词 list with each rule's state and an edit link. */
export function RulesTable({ rules }: { rules: StoredExpressionRule[] }) {
  return (
    <DataTable
      caption={
        <>
          错敏词列表（共 {rules.length} 条，启用 {rules.filter((r) => r.active).length} 条）
        </>
      }
      rows={rules}
      columns={[
        { label: '词语', cell: (r) => r.term },
        { label: '修改建议', cell: (r) => r.suggestion },
        { label: '类别', cell: (r) => EXPRESSION_KIND_LABELS[r.kind] ?? r.kind },
        { label: '严重程度', cell: (r) => (r.severity === 'serious' ? '严重' : '提示') },
        { label: '状态', cell: (r) => (r.active ? '启用' : '停用') },
        {
          label: '操作',
          cell: (r) => (
            <a href={`/admin/privacy/expressions/${r.id}`} aria-label={`编辑 ${r.term}`}>
              编辑
            </a>
          ),
        },
      ]}
    />
  );
}

/** What a scan found: personal information, 错敏词, and the text with the personal information masked. */
export function ScanResults({ text, result }: { text: string; result: ScanResult }) {
  return (
    <section aria-labelledby="scan-results">
      <h2 id="scan-results">检查结果</h2>
      {result.blocking ? (
        <Notice kind="warning">发现阻止发布的问题：请遮盖个人信息、修改严重表述后再提交。</Notice>
      ) : (
        <Notice kind="success">未发现阻止发布的问题。</Notice>
      )}
      <DataTable
        caption={<>个人信息（{result.personal.length} 处）</>}
        rows={result.personal}
        columns={[
          { label: '类别', cell: (f) => f.label },
          {
            label: '位置',
            cell: (f) => (
              <>
                第 {f.start + 1}–{f.end} 字
              </>
            ),
          },
          { label: '遮盖后', cell: (f) => f.masked },
        ]}
      />
      <DataTable
        caption={<>错敏词（{result.expressions.length} 处）</>}
        rows={result.expressions}
        columns={[
          { label: '表述', cell: (f) => f.term },
          {
            label: '位置',
            cell: (f) => (
              <>
                第 {f.start + 1}–{f.end} 字
              </>
            ),
          },
          { label: '修改建议', cell: (f) => f.suggestion },
          { label: '严重程度', cell: (f) => (f.severity === 'serious' ? '严重' : '提示') },
        ]}
      />
      {result.personal.length > 0 && (
        <>
          <h3>遮盖个人信息后的文字</h3>
          <div class="privacy-masked">
            {maskAll(text, result.personal)
              .split('\n')
              .map((line) => (
                <p>{line}</p>
              ))}
          </div>
        </>
      )}
    </section>
  );
}

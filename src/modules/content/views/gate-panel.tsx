/** The gate's findings on an item (personal information, expressions) with what can be done about them; the workflow's permits. */
import { DataTable } from '../../../web/table.tsx';
import { CsrfField, Notice, TextArea } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { GateResult } from '../integrations.ts';
import { gateCounts } from '../model.ts';
import type { Item } from '../model.ts';

export function GatePanel({
  page,
  item,
  gate,
  canMask,
  canOverride,
  canSubmit = false,
  justification,
}: {
  page: PageContext;
  item: Item;
  gate: GateResult | null;
  canMask: boolean;
  canOverride: boolean;
  canSubmit?: boolean;
  justification?: string | null;
}) {
  if (!gate)
    return (
      <section aria-labelledby="gate-h" class="gate">
        <h2 id="gate-h">个人信息和错敏词检查</h2>
        <p class="meta">尚未检查（报送时自动检查）。</p>
      </section>
    );
  const total = gate.personal.length + gate.expressions.length;
  const n = gateCounts(gate);
  return (
    <section aria-labelledby="gate-h" class="gate">
      <h2 id="gate-h">个人信息和错敏词检查</h2>
      {total === 0 ? (
        <Notice kind="success">未发现个人信息或错敏词。</Notice>
      ) : (
        <>
          <Notice kind="warning">
            {n.blocking > 0 && (
              <p>
                <strong>须处理 {n.blocking} 处</strong>（个人信息 {gate.personal.length} 处
                {n.blocking > gate.personal.length
                  ? `、严重错敏词 ${n.blocking - gate.personal.length} 处`
                  : ''}
                ）：
                {item.gateOverride
                  ? `已由 ${item.gateOverride.by} 放行，理由：${item.gateOverride.reason}`
                  : '须一键脱敏（或删除附件后上传脱敏文件），或由审核人说明理由后放行；处理前不能发布。'}
              </p>
            )}
            {justification && n.blocking > 0 && <p>报送人说明：{justification}</p>}
            {n.warnings > 0 && <p>提示 {n.warnings} 处（一般错敏词，不阻止发布，请核对后决定是否修改）。</p>}
          </Notice>
          {gate.personal.length > 0 && (
            <DataTable
              caption="个人信息"
              rows={gate.personal}
              columns={[
                { label: '位置', cell: (p) => whereLabel(p.where) },
                { label: '类型', cell: (p) => p.label },
                { label: '内容（已遮盖）', cell: (p) => p.masked },
                { label: '处理要求', cell: () => <span class="status-bad">须处理</span> },
              ]}
            />
          )}
          {gate.expressions.length > 0 && (
            <DataTable
              caption="错敏词"
              rows={gate.expressions}
              columns={[
                { label: '位置', cell: (e) => whereLabel(e.where) },
                { label: '用语', cell: (e) => e.term },
                { label: '建议', cell: (e) => e.suggestion },
                {
                  label: '处理要求',
                  cell: (e) => (
                    <span class={e.severity === 'serious' ? 'status-bad' : 'status-warn'}>
                      {e.severity === 'serious' ? '须处理（严重）' : '提示'}
                    </span>
                  ),
                },
              ]}
            />
          )}
          <div class="actions">
            {canMask && gate.personal.some((p) => !p.where.startsWith('附件')) && (
              <form method="post" action={`/admin/content/${item.id}/mask`} class="inline">
                <CsrfField page={page} />
                <button type="submit">一键脱敏（保存为新版本）</button>
              </form>
            )}
          </div>
          {gate.personal.some((p) => p.where.startsWith('附件')) && (
            <p>附件中的个人信息无法在线遮盖：请删除该附件，上传脱敏后的文件。</p>
          )}
          {canSubmit && gate.blocking && !item.gateOverride && (
            <form method="post" action={`/admin/content/${item.id}/submit`}>
              <CsrfField page={page} />
              <TextArea
                label="不脱敏、说明理由后报送（记入审计日志，审核人可见）"
                name="justification"
                rows={2}
                required
              />
              <button type="submit" class="secondary">
                说明理由后报送
              </button>
            </form>
          )}
          {canOverride && gate.blocking && !item.gateOverride && (
            <form method="post" action={`/admin/content/${item.id}/override`}>
              <CsrfField page={page} />
              <TextArea label="放行理由（审核人填写，记入审计日志）" name="reason" rows={2} required />
              <button type="submit" class="secondary">
                说明理由后放行
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

const whereLabel = (w: string) => w;

export interface Permits {
  edit: boolean;
  submit: boolean;
  review: boolean;
  clear: boolean;
  publish: boolean;
  withdraw: boolean;
  reject: boolean;
  mask: boolean;
  override: boolean;
}

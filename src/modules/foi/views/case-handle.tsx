/** The case page's 办理 section: routing, correction, extension, consultation, fees, closing — each an event form confirmed before it is written. */
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import { OUTCOMES } from '../outcomes.ts';
import type { ApplicationDetail } from '../service/read.ts';
import type { DeskView } from '../desk.ts';
import { duplicateOptions } from './desk.tsx';
import { EventForm, In, Sel } from './form-parts.tsx';

/** The forms of the events a handler records on an open case (managers also route it). */
export function HandleSection({
  page,
  d,
  orgs,
  handlers,
  canManage,
  desk,
}: {
  page: PageContext;
  d: ApplicationDetail;
  orgs: Org[];
  handlers: { id: number; name: string }[];
  canManage: boolean;
  desk?: DeskView;
}) {
  const a = d.application;
  const st = a.status;
  const evs = d.events.map((e) => e.event);
  const has = (t: string) => evs.some((e) => e.type === t);
  const consultationOpen =
    st === 'consultation' ||
    evs.filter((e) => e.type === 'consultation_started').length >
      evs.filter((e) => e.type === 'consultation_ended').length;
  const orgOptions = orgs.map((o) => ({ value: o.id, label: o.name }));
  return (
    <section aria-labelledby="handle">
      <h2 id="handle">办理</h2>
      {canManage && (
        <>
          <EventForm page={page} id={a.id} type="assigned" title="分办 / 指定承办人">
            <Sel form="assigned" name="orgId" label="承办机关" options={orgOptions} value={String(a.orgId)} />
            <Sel
              form="assigned"
              name="handlerId"
              label="承办人（须为该机关的承办人）"
              options={[
                { value: '', label: '不指定' },
                ...handlers.map((h) => ({ value: h.id, label: h.name })),
              ]}
            />
          </EventForm>
          <EventForm page={page} id={a.id} type="transferred" title="转办其他机关">
            <Sel form="transferred" name="orgId" label="转至机关" options={orgOptions} />
            <In form="transferred" name="reason" label="转办理由" required />
          </EventForm>
        </>
      )}
      {!has('correction_requested') && (
        <EventForm page={page} id={a.id} type="correction_requested" title="发出补正通知">
          <In
            form="correction_requested"
            name="periodDays"
            label="补正期限（工作日）"
            type="number"
            value={15}
          />
          <In form="correction_requested" name="reason" label="需要补正的内容" />
        </EventForm>
      )}
      {st === 'correction_pending' && (
        <EventForm page={page} id={a.id} type="correction_received" title="收到补正材料" />
      )}
      {canManage && !has('extension') && st !== 'correction_pending' && (
        <EventForm page={page} id={a.id} type="extension" title="延长答复期限">
          <In form="extension" name="approvedBy" label="批准人（政府信息公开工作机构负责人）" required />
          <In form="extension" name="reason" label="延长理由" required />
        </EventForm>
      )}
      {!consultationOpen ? (
        <EventForm page={page} id={a.id} type="consultation_started" title="征求第三方或其他机关意见">
          <Sel
            form="consultation_started"
            name="party"
            label="征求对象"
            options={[
              { value: 'third_party', label: '第三方' },
              { value: 'agency', label: '其他机关' },
            ]}
          />
          <In form="consultation_started" name="partyName" label="对象名称" />
        </EventForm>
      ) : (
        <EventForm page={page} id={a.id} type="consultation_ended" title="征求意见结束">
          <Sel
            form="consultation_ended"
            name="deemed"
            label="结束方式"
            options={[
              { value: '', label: '收到答复' },
              { value: '1', label: '逾期未答复（15 个工作日）' },
            ]}
          />
        </EventForm>
      )}
      {!has('fee_notice') && (
        <EventForm page={page} id={a.id} type="fee_notice" title="发出收费通知">
          <Sel
            form="fee_notice"
            name="method"
            label="收费方式"
            options={[
              { value: 'count', label: '按件（同一申请人本自然月累计件数）' },
              { value: 'volume', label: '按量（页数）' },
            ]}
          />
          <In form="fee_notice" name="pages" label="页数（按量时填写）" type="number" />
        </EventForm>
      )}
      {st === 'fee_pending' && <EventForm page={page} id={a.id} type="fee_paid" title="申请人已缴费" />}
      {!has('excessive_date_set') && (
        <EventForm page={page} id={a.id} type="excessive_date_set" title="确定合理答复期限（条例第三十五条）">
          <In form="excessive_date_set" name="dueDate" label="合理答复期限" type="date" required />
          <In form="excessive_date_set" name="reason" label="理由" required />
        </EventForm>
      )}
      <EventForm page={page} id={a.id} type="closed" title="办结（选择一项办理结果）">
        <Sel
          form="closed"
          name="outcome"
          label="办理结果"
          options={[
            { value: '', label: '请选择' },
            ...Object.entries(OUTCOMES).map(([value, o]) => ({ value, label: o.row })),
          ]}
        />
        <Sel
          form="closed"
          name="onTheSpot"
          label="是否当场答复"
          options={[
            { value: '', label: '否' },
            { value: '1', label: '是（当日答复）' },
          ]}
        />
        <Sel
          form="closed"
          name="earlierId"
          label="前次申请（办理结果为“重复申请”时必选）"
          options={[{ value: '', label: '不适用' }, ...duplicateOptions(desk?.earlier ?? [])]}
        />
        <In form="closed" name="reason" label="理由（写入答复书）" />
      </EventForm>
    </section>
  );
}

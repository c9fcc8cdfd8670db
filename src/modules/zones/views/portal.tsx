/** 政务公开专区 on the portal: each open zone's address, hours, phone and services. */
import { ZONE_SERVICES, type ServiceZone } from '../model.ts';

/** The portal's list of open zones (/zones). */
export function ZoneDirectory({ zones }: { zones: (ServiceZone & { orgName: string })[] }) {
  return (
    <>
      <h1>政务公开专区</h1>
      <p>在以下专区可以现场查阅政府信息、提交政府信息公开申请、咨询政策、查看办事指南。</p>
      {zones.map((z) => (
        <section class="card" aria-labelledby={`zone-${z.id}`}>
          <h2 id={`zone-${z.id}`}>
            {z.name}
            {z.isSample && <span class="meta">（演示数据）</span>}
          </h2>
          <dl>
            <dt>地址</dt>
            <dd>{z.address}</dd>
            <dt>开放时间</dt>
            <dd>{z.hours}</dd>
            <dt>咨询电话</dt>
            <dd>{z.phone}</dd>
            <dt>服务项目</dt>
            <dd>{z.services.map((s) => ZONE_SERVICES[s]).join('、')}</dd>
            <dt>主管单位</dt>
            <dd>{z.orgName}</dd>
          </dl>
        </section>
      ))}
      {zones.length === 0 && <p>暂无专区信息。</p>}
      <p>
        也可以在网上<a href="/hdjl/zxzx">咨询政策</a>。
      </p>
    </>
  );
}

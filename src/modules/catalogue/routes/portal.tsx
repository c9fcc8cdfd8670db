/** The portal's catalogue pages: every catalogue by year, one catalogue with its publications, the pilot report. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { shanghaiDate } from '../../../lib/time.ts';
import { list } from '../../../web/forms.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { IdParams, StrictObject } from '../../../web/schemas.ts';
import { percent } from '../../content/model.ts';
import { TIMELINESS } from '../model.ts';
import { buildPilotReport, pilotReportDocx, requireCatalogue } from '../pilot.ts';
import { getPublicCatalogue, listPublicCatalogues } from '../service.ts';
import { DomainTable, EntryFacts, entryName, PublicationList, StateLabel } from '../views/parts.tsx';

/** The public catalogue pages. */
export const cataloguePortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const today = () => shanghaiDate(ctx.clock.now());

  // ───────────── portal ─────────────
  const portalCrumbs = (extra: { href: string; label: string }[] = []) => [
    { href: '/', label: '首页' },
    { href: '/xxgk', label: '政府信息公开' },
    { href: '/catalogue', label: '基层政务公开标准目录' },
    ...extra,
  ];

  app.get(
    '/catalogue',
    {
      schema: {
        querystring: StrictObject({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        hide: true,
      },
    },
    async (req, reply) => {
      const all = await listPublicCatalogues(ctx.db);
      const years = [...new Set(all.map((c) => c.year))].sort((a, b) => b - a);
      const thisYear = Number(today().slice(0, 4));
      const year = req.query.year ?? (years.includes(thisYear) ? thisYear : years[0]);
      const shown = all.filter((c) => c.year === year);
      return renderPortal(
        req,
        reply,
        {
          title: '基层政务公开标准目录',
          crumbs: portalCrumbs(),
          description: '各乡、街道办事处、管理处和村（社区）的政务公开标准目录及其公开情况',
        },
        <>
          <h1>基层政务公开标准目录</h1>
          <p>
            按照国务院办公厅《关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）和各领域基层政务公开标准指引，各乡、街道办事处、管理处编制了本单位的政务公开标准目录，村（社区）编制了村（居）务公开目录。每个事项下列出已经公开的信息。
          </p>
          {years.length > 1 && (
            <nav aria-label="年度">
              <ul class="link-list">
                {years.map((y) => (
                  <li>
                    {y === year ? (
                      <span aria-current="page">{y}年</span>
                    ) : (
                      <a href={`/catalogue?year=${y}`}>{y}年</a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {(['township', 'village'] as const).map((scope) => {
            const list = shown.filter((c) => c.scope === scope);
            if (!list.length) return null;
            return (
              <section aria-labelledby={`h-${scope}`}>
                <h2 id={`h-${scope}`}>{scope === 'township' ? '乡、街道办事处、管理处' : '村（社区）'}</h2>
                <ul class="link-list">
                  {list.map((c) => (
                    <li>
                      <a href={`/catalogue/${c.id}`}>{c.title}</a>
                      {c.isSample && <span class="meta">（演示数据）</span>}
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
          {!shown.length && <p>暂无目录。</p>}
        </>,
      );
    },
  );

  app.get('/catalogue/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const c = await getPublicCatalogue(ctx.db, req.params.id, today());
    const domains = c.domains.map((d) => d.domain);
    return renderPortal(
      req,
      reply,
      {
        title: c.catalogue.title,
        crumbs: portalCrumbs([{ href: `/catalogue/${c.catalogue.id}`, label: c.catalogue.title }]),
        description: `${c.orgName}${c.catalogue.year}年政务公开标准目录及公开情况`,
      },
      <>
        <h1>{c.catalogue.title}</h1>
        <p>
          {c.orgName}，{c.catalogue.year}年，共 {c.entries.length} 个公开事项，截至 {c.today} 覆盖率{' '}
          {percent(c.total.rate)}。{c.catalogue.isSample && '（演示数据）'}
        </p>
        {c.catalogue.scope === 'township' && (
          <p>
            <a href={`/catalogue/${c.catalogue.id}/report.docx`}>
              下载基层政务公开标准化规范化建设情况报告（Word 文档）
            </a>
          </p>
        )}
        <DomainTable caption="各领域公开情况" rows={[...c.domains, c.total]} />
        {domains.length > 1 && (
          <nav aria-label="领域">
            <ul class="link-list">
              {domains.map((d, i) => (
                <li>
                  <a href={`#d-${i}`}>{d}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {domains.map((d, i) => (
          <section aria-labelledby={`d-${i}`}>
            <h2 id={`d-${i}`}>{d}</h2>
            {c.entries
              .filter((e) => e.entry.domain === d)
              .map(({ entry, status }, n) => (
                <article class="card" aria-labelledby={`e-${entry.id}`}>
                  <h3 id={`e-${entry.id}`}>
                    {n + 1}. {entryName(entry)}
                  </h3>
                  <EntryFacts e={entry} />
                  <p>
                    本年度：
                    <StateLabel state={status.state} />
                    ；时效：{TIMELINESS[status.timeliness]}
                  </p>
                  <h4>已公开的信息</h4>
                  <PublicationList s={status} empty="本年度尚无公开记录。" />
                </article>
              ))}
          </section>
        ))}
        {c.villages.length > 0 && (
          <section aria-labelledby="h-villages">
            <h2 id="h-villages">村（居）务公开目录</h2>
            <ul class="link-list">
              {c.villages.map((v) => (
                <li>
                  <a href={`/catalogue/${v.id}`}>{v.title}</a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </>,
    );
  });

  app.get('/catalogue/:id/report.docx', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const c = await requireCatalogue(ctx, req.params.id);
    const data = await pilotReportDocx(await buildPilotReport(ctx, c.id));
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(`${c.title}建设情况报告.docx`)}`,
      )
      .send(data);
  });
};

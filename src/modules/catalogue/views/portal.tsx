/** The portal's catalogue pages: every catalogue of a year, and one catalogue with its publications. */
import { percent } from '../../content/model.ts';
import { TIMELINESS } from '../model.ts';
import type { getPublicCatalogue, listPublicCatalogues } from '../service.ts';
import { DomainTable, EntryFacts, entryName, PublicationList, StateLabel } from './parts.tsx';

/** /catalogue: the year's catalogues, townships then villages. */
export function CatalogueIndex({
  years,
  year,
  shown,
}: {
  years: number[];
  year: number | undefined;
  shown: Awaited<ReturnType<typeof listPublicCatalogues>>;
}) {
  return (
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
    </>
  );
}

/** /catalogue/:id: one catalogue, domain by domain, with what fulfils each entry. */
export function CataloguePage({
  c,
  domains,
}: {
  c: Awaited<ReturnType<typeof getPublicCatalogue>>;
  domains: string[];
}) {
  return (
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
    </>
  );
}

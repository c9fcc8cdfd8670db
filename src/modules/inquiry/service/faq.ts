/** 政策咨询 FAQ: the published questions and answers, on the portal and in site search. */
import type { Kysely } from 'kysely';
import { type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { notFound } from '../../../errors.ts';
import { getOrg, listPublicOrgs } from '../../org/service.ts';
import type { Org } from '../../org/model.ts';
import type { SearchDocumentInput } from '../../search/model.ts';
import { type PolicyLink } from '../model.ts';
import { selectInquiries, selectInquiry, type Inquiry } from '../store.ts';

export interface Faq {
  id: number;
  question: string;
  answer: string;
  links: PolicyLink[];
  orgId: number;
  orgName: string;
  publishedAt: string;
  /** When the question was answered: no FAQ can be published before it. */
  answeredAt: string;
  isSample: boolean;
}

/** Published FAQs only (never the original question, the asker or the contact). */
export async function listFaqs(db: Kysely<DB>, f: { q?: string } = {}): Promise<Faq[]> {
  const orgs = new Map((await listPublicOrgs(db)).map((o) => [o.id, o.name]));
  return (await selectInquiries(db, { faqOnly: true, q: f.q?.trim() || undefined, limit: 200 })).map((q) =>
    toFaq(q, orgs.get(q.orgId) ?? ''),
  );
}

export async function getFaq(db: Kysely<DB>, id: number): Promise<Faq> {
  const q = await selectInquiry(db, id);
  if (!q || !q.faqPublishedAt) throw notFound('常见问题');
  return toFaq(q, (await getOrg(db, q.orgId)).name);
}

function toFaq(q: Inquiry, orgName: string): Faq {
  return {
    id: q.id,
    question: q.faqQuestion!,
    answer: q.faqAnswer!,
    links: q.faqLinks,
    orgId: q.orgId,
    orgName,
    publishedAt: q.faqPublishedAt!,
    answeredAt: q.answeredAt!,
    isSample: q.isSample,
  };
}

/** A published FAQ as a site-search document (the question, answer and policy titles; never the asker). */
export function faqSearchDoc(q: Inquiry, org: Org | undefined): SearchDocumentInput {
  return {
    kind: 'faq',
    refId: q.id,
    url: `/hdjl/zxzx/faq/${q.id}`,
    title: q.faqQuestion!,
    body: [q.faqAnswer!, ...q.faqLinks.map((l) => l.title)].join('\n'),
    orgId: q.orgId,
    orgNames: org ? [org.name, org.shortName, ...org.aliases] : [],
    publishedAt: q.faqPublishedAt!,
    itemType: 'faq',
    extraTerms: ['常见问题', '政策咨询'],
  };
}

/** Every published FAQ (for `gongkai search reindex`). */
export async function* faqSearchSources(ctx: AppContext): AsyncIterable<SearchDocumentInput> {
  const orgs = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o]));
  for (const q of await selectInquiries(ctx.db, { faqOnly: true, limit: 1_000_000 }))
    yield faqSearchDoc(q, orgs.get(q.orgId));
}

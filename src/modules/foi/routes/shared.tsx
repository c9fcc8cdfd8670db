/** What the FOI route plugins share: form values, the orgs an application may address, letters as files. */
import type { FastifyReply } from 'fastify';
import { str } from '../../../web/forms.ts';
import { sendPage } from '../../../web/render.ts';
import { treeOrder, type Org } from '../../org/model.ts';
import { listPublicOrgs } from '../../org/service.ts';
import { letterDocx, letterFileName } from '../letters/render.ts';
import type { Letter } from '../letters/templates.ts';
import { LetterPage } from '../views/letter.tsx';
import { APPLY_FIELDS } from '../views/applicant-form.tsx';
import type { ApplicantType } from '../outcomes.ts';
import type { ApplyValues } from '../views/public.tsx';

/** The form's answers as text: the public form's fields, and the two a handler adds when registering a paper application. */
export function applyValues(body: Partial<Record<string, string | string[]>>): ApplyValues {
  const keys = [...APPLY_FIELDS, 'channel', 'receivedOn'];
  return Object.fromEntries(keys.map((k) => [k, str(body[k])]));
}

/** The answers as the submission use case takes them (it checks them and names each wrong field). */
export function submitInput(v: ApplyValues) {
  return {
    applicantType: (v.applicantType || 'natural') as ApplicantType,
    applicantName: v.applicantName ?? '',
    idType: v.idType ?? '',
    idNumber: v.idNumber ?? '',
    legalRepresentative: v.legalRepresentative ?? '',
    contactPerson: v.contactPerson ?? '',
    phone: v.phone ?? '',
    address: v.address ?? '',
    email: v.email ?? '',
    description: v.description ?? '',
    docNumber: v.docNumber ?? '',
    docTitle: v.docTitle ?? '',
    preferredForm: v.preferredForm ?? '',
    delivery: v.delivery ?? '',
    orgId: Number(v.orgId) || 0,
  };
}

/** Orgs an application may be addressed to: the district government and the units below it. */
export async function applicableOrgs(ctxDb: Parameters<typeof listPublicOrgs>[0]): Promise<Org[]> {
  const orgs = await listPublicOrgs(ctxDb);
  return treeOrder(orgs)
    .filter(({ depth }) => depth >= 1 && depth <= 2)
    .map(({ org }) => org);
}

/** The breadcrumbs above every /ysqgk page. */
export const PORTAL_CRUMBS = [
  { href: '/', label: '首页' },
  { href: '/ysqgk', label: '依申请公开' },
];

/** A letter as DOCX or as its printable page (both read the letter as issued). */
export async function sendLetter(reply: FastifyReply, letter: Letter, ext: 'docx' | 'html') {
  if (ext === 'docx') {
    const name = letterFileName(letter);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header(
        'content-disposition',
        `attachment; filename="letter.docx"; filename*=UTF-8''${encodeURIComponent(`${name}.docx`)}`,
      )
      .send(await letterDocx(letter));
  }
  return sendPage(reply, <LetterPage letter={letter} />);
}

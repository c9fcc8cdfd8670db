/** Helpers shared by the catalogue's API routes and pages: form bodies, uploads, workbook downloads. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { list, readMultipart, readUpload, str } from '../../../web/forms.ts';
import { FormBody, FormField } from '../../../web/schemas.ts';
import { AppError, badRequest } from '../../../errors.ts';
import { type EntryFields } from '../model.ts';
import { type PostingInput } from '../service.ts';

/** The entry form's fields (back office: new entry, entry edit, template rows), kept as text. */
export const EntryFormBody = FormBody({
  scope: FormField,
  domain: FormField,
  item1: FormField,
  item2: FormField,
  content: FormField,
  basis: FormField,
  timeLimit: FormField,
  subject: FormField,
  channels: FormField,
  otherChannels: FormField,
  audience: FormField,
  mode: FormField,
  level: FormField,
  toCheck: FormField,
});

/** Entry fields from a form body (checkbox groups and the free "other channels" text). */
export function entryForm(body: unknown): EntryFields {
  const b = (body ?? {}) as Record<string, unknown>;
  const others = str(b.otherChannels)
    .split(/[、，,；;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    domain: str(b.domain),
    item1: str(b.item1),
    item2: str(b.item2),
    content: str(b.content),
    basis: str(b.basis),
    timeLimit: str(b.timeLimit),
    subject: str(b.subject),
    channels: [...new Set([...list(b.channels), ...others])],
    audience: list(b.audience) as EntryFields['audience'],
    mode: list(b.mode) as EntryFields['mode'],
    level: list(b.level) as EntryFields['level'],
    toCheck: str(b.toCheck) === '1',
  };
}

/** A multipart posting form/API body: fields and the photo. */
export async function postingFrom(req: FastifyRequest): Promise<PostingInput> {
  const { fields, files } = await readMultipart(req, { maxBytes: 10 * 1024 * 1024, maxFiles: 1 });
  const photo = files.find((f) => f.field === 'photo' && f.data.length);
  return {
    channel: str(fields.channel),
    title: str(fields.title),
    postedOn: str(fields.postedOn),
    formedOn: str(fields.formedOn) || null,
    photo: photo ? { fileName: photo.name, data: photo.data } : null,
  };
}

/** The uploaded workbook of an import (form or API). */
export async function fileFrom(req: FastifyRequest): Promise<Buffer> {
  return (await uploadFrom(req)).data;
}
/**
 * The uploaded workbook with its file name. A body the multipart parser cannot read (e.g. its
 * boundary does not match the header's) is the sender's mistake: a Chinese 400, not a 500.
 */
export async function uploadFrom(req: FastifyRequest) {
  try {
    return await readUpload(req, { maxBytes: 5 * 1024 * 1024, missing: '请选择要导入的文件' });
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (e instanceof AppError || (status && status < 500)) throw e;
    throw badRequest('上传内容无法解析（不是完整的 multipart 表单），请重新选择文件上传', {
      file: '请重新选择文件',
    });
  }
}
/** Sends a catalogue workbook as a download. */
export const sendXlsx = (reply: FastifyReply, data: Buffer, id: number | string) =>
  reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(`标准目录-${id}.xlsx`)}`,
    )
    .send(data);

/** Back-office breadcrumbs under 标准目录. */
export const adminCrumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/admin', label: '工作台' },
  { href: '/admin/catalogues', label: '标准目录' },
  ...extra,
];

/** The account fields of the back-office forms (direct form and filing form), kept as text. */
import type { Static } from 'typebox';
import { int, str } from '../../../web/forms.ts';
import { FormBody, FormField } from '../../../web/schemas.ts';
import type { AccountFields, Level, Platform } from '../model.ts';

export const ACCOUNT_FORM_FIELDS = {
  platform: FormField,
  accountName: FormField,
  platformAccountId: FormField,
  orgId: FormField,
  operator: FormField,
  responsiblePerson: FormField,
  level: FormField,
};
export const AccountFormBody = FormBody(ACCOUNT_FORM_FIELDS);

/** The form's text as account fields (the use case says what is wrong). */
export function accountForm(b: Static<typeof AccountFormBody>): AccountFields {
  return {
    platform: str(b.platform) as Platform,
    accountName: str(b.accountName),
    platformAccountId: str(b.platformAccountId),
    orgId: int(b.orgId) ?? 0,
    operator: str(b.operator),
    responsiblePerson: str(b.responsiblePerson),
    level: str(b.level) as Level,
  };
}

/** Back-office crumbs under 政务新媒体. */
export const crumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/admin', label: '工作台' },
  { href: '/admin/media', label: '政务新媒体' },
  ...extra,
];

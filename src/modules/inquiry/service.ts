/**
 * 政策咨询 use cases: a citizen or enterprise asks (portal) or staff log a question from a zone window
 * or the phone; it is routed to an org, answered within a working-day limit, tracked by number and
 * secret code, and — after an explicit step by staff, with personal information checked — published
 * as an FAQ linked to the policy documents it concerns. One file per group under service/.
 */
export type { Inquiry, InquiryEvent } from './store.ts';
export * from './service/submit.ts';
export * from './service/handle.ts';
export * from './service/faq.ts';
export * from './service/age.ts';

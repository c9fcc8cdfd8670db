/**
 * The content module's use cases as other modules call them (catalogue, normative, portal, report
 * and the tests): publishing — columns, topics, items and their revisions and attachments, and the
 * review workflow draft → submitted (报送) → reviewed (审核) → cleared (保密审查) → published /
 * scheduled → withdrawn (撤稿). "谁主管谁负责、谁发布谁负责": every step checks the permission, the org
 * scope and (for reviews) that the reviewer is not the author, and is audited in the same
 * transaction. The use cases themselves live in service/*.ts, one file per group.
 */
export * from './service/structure.ts';
export { type ItemInput } from './service/item-rules.ts';
export * from './service/items.ts';
export * from './service/gate.ts';
export * from './service/workflow.ts';
export {
  addAttachment,
  ATTACHMENT_TYPES,
  importDocxBody,
  listAttachments,
  readAttachment,
  removeAttachment,
} from './service/attachments.ts';
export * from './service/import-item.ts';
export * from './service/public.ts';

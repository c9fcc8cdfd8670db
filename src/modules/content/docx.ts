/**
 * Word in: a .docx (Word or WPS) becomes a clean body — headings, lists, tables, links — through
 * mammoth and then the same allow-list as every body (model.ts sanitizeBody); its images come out
 * as files the caller stores as attachments. Pure apart from mammoth's parsing: no database.
 *
 * What is refused, in Chinese (400): an encrypted (password-protected) file, which is an OLE
 * compound file rather than a ZIP; a file that is not a .docx (old .doc, renamed files); a file
 * mammoth cannot read (corrupt). Macros never reach the body (mammoth reads only the document part),
 * and links to files (file:, UNC paths, relative names) lose their target in the sanitizer.
 */
import mammoth from 'mammoth';
import { badRequest } from '../../errors.ts';

export interface DocxImage {
  /** The placeholder the body holds until the image is stored (`docx-image:N`). */
  placeholder: string;
  name: string;
  mime: 'image/png' | 'image/jpeg' | 'image/gif';
  data: Buffer;
}

export interface DocxBody {
  /** Unsanitised HTML with image placeholders; the caller swaps them for attachment URLs and sanitises. */
  html: string;
  images: DocxImage[];
  /** Things left out, as staff read them (an EMF drawing, an oversized image…). */
  dropped: string[];
}

const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const IMAGE_EXT = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif' } as const;
export const DOCX_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

// Word's and WPS's heading styles (English and Chinese names) → the body's h2–h4 (the page has the h1).
const STYLE_MAP = [1, 2, 3, 4, 5, 6].flatMap((n) => {
  const h = `h${Math.min(n + 1, 4)}:fresh`;
  return [
    `p[style-name='heading ${n}'] => ${h}`,
    `p[style-name='Heading ${n}'] => ${h}`,
    `p[style-name='标题 ${n}'] => ${h}`,
  ];
});

/** Converts a .docx to body HTML and its images; refuses what cannot be read, naming the problem. */
export async function docxToBody(data: Buffer): Promise<DocxBody> {
  if (data.length === 0) throw badRequest('上传的文件是空的', { file: '文件为空' });
  if (data.subarray(0, 8).equals(CFB)) {
    // Encrypted .docx files and old .doc files are both OLE compound files.
    throw badRequest(
      '无法读取：该文件设有打开密码（已加密），或是旧版 .doc 文件。请取消密码或另存为 .docx 后再上传',
      { file: '文件已加密或不是 .docx' },
    );
  }
  if (data.subarray(0, 2).toString('latin1') !== 'PK')
    throw badRequest('只能导入 Word/WPS 保存的 .docx 文件', { file: '不是 .docx 文件' });
  const images: DocxImage[] = [];
  const dropped: string[] = [];
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: data },
      {
        styleMap: STYLE_MAP,
        includeDefaultStyleMap: true,
        convertImage: mammoth.images.imgElement(async (image) => {
          const mime = image.contentType as DocxImage['mime'];
          const n = images.length + 1;
          if (!(mime in IMAGE_EXT)) {
            dropped.push(`第 ${n} 张图片的格式（${image.contentType}）不能在网页上显示`);
            return { src: '' };
          }
          const bytes = Buffer.from(await image.read());
          if (bytes.length > DOCX_IMAGE_MAX_BYTES) {
            dropped.push(`第 ${n} 张图片超过 5 MB`);
            return { src: '' };
          }
          const placeholder = `docx-image:${n}`;
          images.push({ placeholder, name: `正文图片${n}.${IMAGE_EXT[mime]}`, mime, data: bytes });
          return { src: placeholder, alt: (image as { altText?: string }).altText?.trim() || `正文图片${n}` };
        }),
      },
    );
    html = result.value;
  } catch {
    throw badRequest('无法读取该 Word 文件：文件可能已损坏，请用 Word 或 WPS 打开后重新保存为 .docx', {
      file: '文件已损坏',
    });
  }
  // Images that were dropped leave an empty <img>; the sanitizer would keep it without a source.
  html = html.replace(/<img src=""[^>]*>/g, '');
  return { html, images, dropped };
}

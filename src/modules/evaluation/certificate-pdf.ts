import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { AppError } from '../../kernel/errors.ts';

/** Debian's fonts-noto-cjk: the PDF embeds (a subset of) it so Chinese renders anywhere. */
export const CJK_FONT = {
  file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  family: 'NotoSansCJKsc-Regular',
};

const KIND_TITLES: Record<string, string> = {
  skill_level: '职业技能等级证书',
  qualification: '职业资格证书',
  special_ability: '专项职业能力证书',
  training: '培训合格证书',
  entrepreneurship: '创业培训合格证书',
};

export interface CertificateForPdf {
  certificateNo: string;
  holderName: string;
  idMasked: string;
  occupation: string;
  kind: string;
  levelName: string | null;
  issuedOn: string;
  evaluator: string;
  verifyUrl: string;
  revokedOn: string | null;
}

/** Renders the certificate (Chinese, A4 landscape) with a QR code of its signed verification link. */
export async function certificatePdf(c: CertificateForPdf): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT.file)) {
    throw new AppError(
      503,
      'FONT_MISSING',
      '服务器缺少中文字体（fonts-noto-cjk），无法生成证书',
      'the server lacks the Chinese font (fonts-noto-cjk) needed for certificates',
    );
  }
  const qr = await QRCode.toBuffer(c.verifyUrl, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 50,
    info: { Title: `${KIND_TITLES[c.kind] ?? '证书'} ${c.certificateNo}`, Author: 'Jineng 技能' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', CJK_FONT.file, CJK_FONT.family);
  doc.font('cjk');
  doc
    .rect(30, 30, doc.page.width - 60, doc.page.height - 60)
    .lineWidth(3)
    .stroke('#8b1a1a');
  doc
    .fillColor('#8b1a1a')
    .fontSize(34)
    .text(KIND_TITLES[c.kind] ?? '证书', 0, 80, { align: 'center' });
  doc.fillColor('#000').fontSize(16);
  const rows: [string, string][] = [
    ['姓　　名', c.holderName],
    ['身份证号', c.idMasked],
    ['职业（工种）', c.occupation],
    ['等　　级', c.levelName ?? '—'],
    ['证书编号', c.certificateNo],
    ['发证日期', c.issuedOn.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1年$2月$3日')],
    ['评价机构', c.evaluator],
  ];
  let y = 170;
  for (const [k, v] of rows) {
    doc.text(`${k}：${v}`, 110, y);
    y += 36;
  }
  doc.image(qr, doc.page.width - 300, 170, { width: 180 });
  doc.fontSize(11).text('扫码验证真伪 / scan to verify', doc.page.width - 300, 360, { width: 180, align: 'center' });
  if (c.revokedOn) doc.fillColor('#d00').fontSize(40).text(`已撤销 ${c.revokedOn}`, 0, 440, { align: 'center' });
  doc
    .fillColor('#666')
    .fontSize(10)
    .text('江苏省职业技能提升培训平台 · 本证书信息可通过二维码或平台“证书查验”在线核验', 0, doc.page.height - 70, {
      align: 'center',
    });
  doc.end();
  return done;
}

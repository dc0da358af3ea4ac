/**
 * A GB18030 encoder for tests (Node has a GB18030 decoder but no encoder): the two-byte table is
 * read back from the decoder, so a file written here is what Excel in China writes for these
 * characters. Characters outside the two-byte table (rare, four-byte) are not needed by the tests.
 */
let table: Map<string, [number, number]> | null = null;

function twoByteTable(): Map<string, [number, number]> {
  if (table) return table;
  table = new Map();
  const dec = new TextDecoder('gb18030', { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      try {
        const ch = dec.decode(Uint8Array.of(lead, trail));
        if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
      } catch {
        // not a character
      }
    }
  }
  return table;
}

export function encodeGb18030(text: string): Buffer {
  const t = twoByteTable();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const pair = t.get(ch);
      if (!pair) throw new Error(`no two-byte GB18030 code for U+${c.toString(16)}`);
      out.push(...pair);
    }
  }
  return Buffer.from(out);
}

/** Common Chinese characters (all in GB2312, hence two bytes in GB18030). */
export const COMMON_HANZI =
  '张王李赵刘陈杨黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂南京无锡徐州常州苏州南通连云港淮安盐城扬州镇江泰州宿迁职业技术学院培训电工焊工中级高级技师';

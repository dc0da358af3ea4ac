import { Button, Upload } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n.ts';

/**
 * 选择文件 + 导入: the pick-then-send control of the pages' CSV/XLSX uploads (activities, the carrier
 * register). The file is kept in the browser until 导入 sends it; `testId` names the send button.
 */
export function FilePick({
  onSend,
  busy,
  testId,
}: {
  onSend: (file: File) => void | Promise<void>;
  busy?: boolean;
  testId: string;
}) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  return (
    <>
      <Upload
        maxCount={1}
        accept=".csv,.xlsx"
        beforeUpload={(f) => {
          setFile(f);
          return false;
        }}
        onRemove={() => setFile(null)}
      >
        <Button>{t('选择文件')}</Button>
      </Upload>
      <Button type="primary" disabled={!file} loading={busy} onClick={() => file && onSend(file)} data-testid={testId}>
        {t('导入')}
      </Button>
    </>
  );
}

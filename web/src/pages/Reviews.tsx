import { Alert, Button, Input, Modal, Space, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { api, ApiError, yuan } from '../api.ts';
import type { ApiGet, ApiPostBody, Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';

type Review = Item<ApiGet<'/api/reviews'>>;
type Resolution = ApiPostBody<'/api/reviews/{id}'>;

/** 待复核: decisions withheld for integrity flags; each needs an official's decision and reason. */
export function ReviewsPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const { data, loading, error, reload } = useData<ApiGet<'/api/reviews'>>('/api/reviews');
  const [acting, setActing] = useState<{ id: string; outcome: Resolution['outcome'] } | null>(null);
  const [note, setNote] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const submit = async () => {
    try {
      await api(`/api/reviews/${acting!.id}`, {
        method: 'POST',
        body: JSON.stringify({ outcome: acting!.outcome, note } satisfies Resolution),
      });
      setActing(null);
      setNote('');
      reload();
    } catch (e) {
      setErr(e instanceof ApiError ? (lang === 'en' ? e.en : e.zh) : String(e));
    }
  };
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey="application_id"
        dataSource={data ?? []}
        loading={loading}
        data-testid="review-table"
        columns={[
          { title: t('申请编号'), dataIndex: 'application_id' },
          { title: t('姓名'), dataIndex: 'person_name' },
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('项目编号'), dataIndex: 'project_code' },
          { title: t('金额'), dataIndex: 'amount_fen', render: yuan },
          {
            title: t('证据'),
            dataIndex: 'evidence',
            render: (ev: Review['evidence']) =>
              (ev ?? []).map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of one case's evidence, never reordered
                <div key={i}>
                  <Tag color="orange">{label('flag', e.code)}</Tag>
                  {lang === 'en' ? e.en : e.zh}
                </div>
              )),
          },
          {
            title: '',
            render: (_: unknown, r: Review) => (
              <Space>
                <Button
                  size="small"
                  type="primary"
                  onClick={() => setActing({ id: r.application_id, outcome: 'approved' })}
                >
                  {t('通过')}
                </Button>
                <Button size="small" danger onClick={() => setActing({ id: r.application_id, outcome: 'rejected' })}>
                  {t('不予补贴')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!acting}
        title={`${acting?.id} · ${acting ? label('decision', acting.outcome) : ''}`}
        onOk={submit}
        onCancel={() => setActing(null)}
      >
        {err && <Alert type="error" message={err} />}
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('复核意见（必填）')}
          rows={3}
        />
      </Modal>
    </>
  );
}

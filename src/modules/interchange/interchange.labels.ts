/** Names of the import-run codes people read (served to the web by `GET /api/labels`). */
export const IMPORT_STATUS_NAMES = {
  queued: { zh: '排队中', en: 'Queued' },
  running: { zh: '导入中', en: 'Running' },
  done: { zh: '已完成', en: 'Done' },
  failed: { zh: '失败', en: 'Failed' },
};

/**
 * The files of any subject (an application now; a bid, a milestone's evidence, a listing later):
 * list with preview (PDF, images) and download, upload (type and size checked here and again by the
 * server), removal while the subject may change; with a materials checklist (办事指南) when given,
 * ticking each item an attachment answers. Access is the server's: another organisation gets nothing.
 */
import { Alert, Button, Image, List, Select, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { AttachmentView } from '../../service/attachments/service.ts';
import { ApiError, api, upload, useApi } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/index.ts';
import type { Material } from './guide.tsx';
import { errorMessage } from './status.tsx';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.ofd';

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function Attachments({
  subjectType,
  subjectId,
  canUpload,
  materials,
}: {
  subjectType: string;
  subjectId: string;
  canUpload: boolean;
  materials?: Material[];
}) {
  const { t, pick, lang } = useI18n('applications');
  const qs = new URLSearchParams({ subjectType, subjectId });
  const list = useApi<{ items: AttachmentView[]; maxBytes: number }>(`/api/attachments?${qs}`);
  const [material, setMaterial] = useState<string>(materials?.[0]?.code ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const items = list.data?.items ?? [];
  const maxBytes = list.data?.maxBytes ?? 20 * 1024 * 1024;

  async function send(file: File) {
    setError(null);
    if (file.size > maxBytes) {
      setError(
        new ApiError(413, 'TOO_BIG', {
          zh: `文件过大：不能超过 ${Math.floor(maxBytes / 1048576)} MB`,
          en: `file too large: the limit is ${Math.floor(maxBytes / 1048576)} MB`,
        }),
      );
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const q = new URLSearchParams({ subjectType, subjectId, ...(material ? { material } : {}) });
      await upload(`/api/attachments?${q}`, form);
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function remove(a: AttachmentView) {
    setError(null);
    try {
      await api('DELETE', `/api/attachments/${a.id}`);
      list.reload();
    } catch (e) {
      setError(e);
    }
  }

  const byMaterial = new Map<string, AttachmentView[]>();
  for (const a of items)
    if (a.material) byMaterial.set(a.material, [...(byMaterial.get(a.material) ?? []), a]);

  return (
    <div data-testid="attachments">
      {materials && materials.length > 0 ? (
        <>
          <Typography.Title level={3} className="card-h3">
            {t('files.checklist')}
          </Typography.Title>
          <ul className="checklist" data-testid="checklist">
            {materials.map((m) => {
              const got = byMaterial.get(m.code) ?? [];
              return (
                <li key={m.code} data-material={m.code} data-done={got.length > 0}>
                  <span className="mark" aria-hidden="true">
                    {got.length > 0 ? '✓' : '○'}
                  </span>
                  <div>
                    <span className="sr-only">
                      {got.length > 0 ? t('files.provided') : t('files.missing')}
                    </span>
                    {pick(m.label)}{' '}
                    {got.length > 0 ? (
                      <Tag color="success">{got.map((a) => a.name).join(lang === 'zh' ? '、' : ', ')}</Tag>
                    ) : (
                      <Tag>{t('files.missing')}</Tag>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      <Typography.Title level={3} className="card-h3">
        {t('files.title')}
      </Typography.Title>
      {list.error ? <Alert type="error" title={errorMessage(list.error, t, lang)} /> : null}
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('files.none') }}
        renderItem={(a) => (
          <List.Item
            data-testid="attachment"
            data-name={a.name}
            actions={[
              a.preview ? (
                a.mediaType.startsWith('image/') ? (
                  <Image
                    key="p"
                    width={40}
                    src={`/api/attachments/${a.id}?inline=1`}
                    alt={t('files.previewOf', { name: a.name })}
                  />
                ) : (
                  <a
                    key="p"
                    href={`/api/attachments/${a.id}?inline=1`}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {t('files.preview')}
                  </a>
                )
              ) : null,
              <a key="d" href={`/api/attachments/${a.id}`} download={a.name} data-testid="download">
                {t('files.download')}
              </a>,
              canUpload ? (
                <Button
                  key="r"
                  size="small"
                  danger
                  type="link"
                  onClick={() => void remove(a)}
                  aria-label={`${t('files.remove')} ${a.name}`}
                >
                  {t('files.remove')}
                </Button>
              ) : null,
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={a.name}
              description={
                <span className="small">
                  {sizeText(a.size)} · {formatDateTime(a.uploadedAt)}
                  {a.material && materials
                    ? ` · ${pick(materials.find((m) => m.code === a.material)?.label)}`
                    : ''}
                  <span className="mono sha" title="SHA-256">
                    {' '}
                    · SHA-256 {a.sha256.slice(0, 12)}…
                  </span>
                </span>
              }
            />
          </List.Item>
        )}
      />
      {canUpload ? (
        <Space className="upload-row" wrap>
          {materials && materials.length > 0 ? (
            <span className="inline-field">
              <span id={`material-${subjectId}`}>{t('files.forMaterial')}</span>
              <Select
                aria-labelledby={`material-${subjectId}`}
                value={material}
                onChange={setMaterial}
                popupMatchSelectWidth={false}
                className="material-select"
                data-testid="material-select"
                options={[
                  ...materials.map((m) => ({ value: m.code, label: pick(m.label) })),
                  { value: '', label: t('files.otherMaterial') },
                ]}
              />
            </span>
          ) : null}
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <Button type="primary" loading={busy} data-testid="upload">
              {t('files.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary" className="small">
            {t('files.limits', { mb: Math.floor(maxBytes / 1048576) })}
          </Typography.Text>
        </Space>
      ) : null}
      {error ? (
        <Alert type="error" role="alert" data-testid="upload-error" title={errorMessage(error, t, lang)} />
      ) : null}
    </div>
  );
}

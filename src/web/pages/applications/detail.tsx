/** 我的申报 › one application: the enterprise's view (correct, attach, submit, follow the payments). */
import { Alert } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { ApplicationPanel } from '../../components/application/panel.tsx';
import { useI18n } from '../../i18n/index.ts';

export default function ApplicationPage() {
  const { t } = useI18n('applications');
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  return (
    <ApplicationPanel
      id={id}
      back={{ to: '/applications', label: t('apps.back') }}
      extra={params.get('created') ? <Alert type="info" title={t('apps.created')} showIcon /> : null}
    />
  );
}

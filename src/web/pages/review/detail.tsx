/** 审核工作台 › one application beside the applicant's registry record, with the officer's decisions. */
import { useParams, useSearchParams } from 'react-router';
import { ApplicationPanel } from '../../components/application/panel.tsx';
import { useI18n } from '../../i18n/index.ts';

export default function ReviewApplicationPage() {
  const { t } = useI18n('applications');
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  return <ApplicationPanel id={id} back={{ to: `/review?${params}`, label: t('review.back') }} />;
}

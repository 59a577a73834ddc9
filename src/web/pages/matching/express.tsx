/**
 * 表达对接意向: an organisation tells the publisher of a listing it is interested (POST /api/matching/
 * interests), naming its own listing of the other side when it has one (the pair's score goes with
 * it). Its contact goes to the other side only once the interest is accepted; the message may not
 * carry phone numbers or e-mail addresses (the server refuses them under the field).
 */
import { Alert, Card, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, useApi } from '../../api.ts';
import { applyIssues, FormField, SubmitButton, useZodForm, ZodForm } from '../../components/form.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { type InterestFormValues, interestForm } from './form.ts';
import {
  type InterestView,
  ListingFacts,
  type ListingView,
  type Page,
  publisherOf,
  useLabels,
  useMatchingReference,
} from './shared.tsx';

export default function ExpressInterestPage() {
  const { t, lang } = useI18n('matching');
  const [params] = useSearchParams();
  const listingId = params.get('listing') ?? '';
  const ref = useMatchingReference();
  const labels = useLabels(ref.data);
  const target = useApi<ListingView>(
    listingId ? `/api/matching/listings/${encodeURIComponent(listingId)}` : null,
  );
  const otherSide = target.data ? (target.data.side === 'need' ? 'offer' : 'need') : null;
  const mine = useApi<Page<ListingView>>(
    otherSide ? `/api/matching/my/listings?side=${otherSide}&limit=100` : null,
  );
  if (!listingId) return <Alert type="error" title={t('matching.noListingChosen')} />;
  if (target.error) return <ErrorBox error={target.error} />;
  if (!target.data || (otherSide && !mine.data && !mine.error)) return <Loading />;
  const own = (mine.data?.items ?? []).filter((l) => !['withdrawn', 'rejected', 'expired'].includes(l.state));
  const preset = params.get('own') ?? '';
  return (
    <>
      <PageHeader
        title={t('matching.expressTitle')}
        subtitle={t('matching.expressIntro')}
        back={{ to: `/matching/listings/${target.data.id}`, label: target.data.title }}
      />
      <Card className="section-card" title={`${target.data.title} · ${publisherOf(target.data, lang)}`}>
        <ListingFacts l={target.data} labels={labels} />
      </Card>
      <InterestEditor
        listingId={target.data.id}
        own={own}
        preset={own.some((l) => l.id === preset) ? preset : (own[0]?.id ?? '')}
      />
    </>
  );
}

function InterestEditor({
  listingId,
  own,
  preset,
}: {
  listingId: string;
  own: ListingView[];
  preset: string;
}) {
  const { t, lang } = useI18n('matching');
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const form = useZodForm(interestForm, {
    listingId,
    ownListingId: preset,
    message: '',
    contact: { name: '', phone: '', email: '' },
  } satisfies InterestFormValues);

  async function send(body: unknown) {
    setError(null);
    try {
      const created = await api<InterestView>('POST', '/api/matching/interests', body);
      navigate(`/matching/interests/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) {
        if (applyIssues(form, e.issues, lang).length > 0) setError(e);
      } else setError(e);
    }
  }

  return (
    <ZodForm form={form} onValid={send} testId="interest-form">
      <Card className="section-card">
        {own.length > 0 ? (
          <FormField
            form={form}
            name="ownListingId"
            label={t('matching.ownListing')}
            extra={t('matching.ownListingHint')}
          >
            {(f) => (
              <Select
                {...f}
                options={[
                  { value: '', label: t('matching.noOwnListing') },
                  ...own.map((l) => ({ value: l.id, label: l.title })),
                ]}
              />
            )}
          </FormField>
        ) : null}
        <FormField
          form={form}
          name="message"
          label={t('matching.message')}
          extra={t('matching.messageHint')}
          required
        >
          {(f) => <Input.TextArea {...f} rows={5} maxLength={2000} showCount />}
        </FormField>
        <Typography.Paragraph className="hint">{t('matching.yourContactPrivate')}</Typography.Paragraph>
        <FormField form={form} name="contact.name" label={t('matching.contactName')} required>
          {(f) => <Input {...f} autoComplete="name" />}
        </FormField>
        <FormField form={form} name="contact.phone" label={t('matching.contactPhone')}>
          {(f) => <Input {...f} autoComplete="tel" inputMode="tel" />}
        </FormField>
        <FormField form={form} name="contact.email" label={t('matching.contactEmail')}>
          {(f) => <Input {...f} autoComplete="email" inputMode="email" />}
        </FormField>
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton form={form} testId="send-interest">
          {t('matching.sendInterest')}
        </SubmitButton>
      </Card>
    </ZodForm>
  );
}

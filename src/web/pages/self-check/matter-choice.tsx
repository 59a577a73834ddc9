/**
 * Step 1: what is to be checked — one kind of matter (a challenge won, a consortium's project, an
 * operating year…), each with the measures it can draw on, or the organisation alone.
 */
import { Radio, Typography } from 'antd';
import type { CatalogueView } from '../../catalogue-data.tsx';
import { type FormApi, FormField } from '../../components/form.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { CheckForm } from './form.ts';
import { NO_MATTER } from './form.ts';

export function MatterChoice({ form, catalogue }: { form: FormApi<CheckForm>; catalogue: CatalogueView }) {
  const { t, lang } = useI18n('check');
  const types = catalogue.reference.matterTypes.filter((mt) =>
    catalogue.measures.some((m) => m.matterType === mt.code),
  );
  return (
    <FormField
      form={form}
      name="matter.type"
      label={t('check.matterType')}
      extra={t('check.help.matterType')}
      required
      group
    >
      {(f) => (
        <Radio.Group
          id={f.id}
          role="radiogroup"
          aria-labelledby={f['aria-labelledby']}
          aria-describedby={f['aria-describedby']}
          value={f.value}
          onChange={(e) => f.onChange(e.target.value)}
          className="matter-choice"
          data-testid="matter-choice"
        >
          {types.map((mt) => {
            const ids = catalogue.measures.filter((m) => m.matterType === mt.code).map((m) => m.id);
            return (
              <Radio key={mt.code} value={mt.code} data-testid={`matter-${mt.code}`}>
                <span className="matter-name">{lang === 'zh' ? mt.zh : mt.en}</span>
                <Typography.Text type="secondary" className="matter-measures">
                  {ids.join(lang === 'zh' ? '、' : ', ')}
                </Typography.Text>
              </Radio>
            );
          })}
          <Radio value={NO_MATTER} data-testid="matter-none">
            <span className="matter-name">{t('check.noMatter')}</span>
            <Typography.Text type="secondary" className="matter-measures">
              {t('check.noMatterHint')}
            </Typography.Text>
          </Radio>
        </Radio.Group>
      )}
    </FormField>
  );
}

/**
 * The self-check on paper: one or two pages with what was entered, the result and the clauses of
 * what may be granted. Only printed (the screen shows the full result instead).
 */
import type { CatalogueView } from '../../catalogue-data.tsx';
import { makeLabeller } from '../../catalogue-data.tsx';
import { Ceiling, Money } from '../../components/money.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { CalcRequest } from './form.ts';
import type { CalcResponse } from './result.tsx';

export function PrintSummary({
  input,
  result,
  catalogue,
}: {
  input: CalcRequest;
  result: CalcResponse;
  catalogue: CatalogueView;
}) {
  const { t, lang } = useI18n('check');
  const label = makeLabeller(catalogue.reference, lang);
  const sep = lang === 'zh' ? '、' : ', ';
  const a = input.applicant;
  const m = input.matters[0];
  const granted = result.granted.filter((g) => g.amount !== null);
  const evalOf = (id: string) => result.evaluations.find((e) => e.measureId === id);
  const failed = result.evaluations.filter(
    (e) => !e.eligible && (e.matterId !== null || e.outcome === 'ineligible'),
  );
  return (
    <section className="print-only print-summary" aria-hidden="true">
      <h1>{t('result.printTitle')}</h1>
      <p className="small">
        {t('result.asOf', { date: result.asOf, version: result.catalogueVersion.slice(0, 12) })}
      </p>
      <h2>{t('print.entered')}</h2>
      <table className="print-facts">
        <tbody>
          <tr>
            <th>{t('check.orgName')}</th>
            <td>
              {a.name ?? '—'} {a.uscc ?? ''}
            </td>
          </tr>
          <tr>
            <th>{t('check.kind')}</th>
            <td>
              {label('orgKinds', a.kind)} · {label('cities', a.city)}
              {a.centreOriginCity
                ? ` · ${t('check.centreOrigin')}：${label('cities', a.centreOriginCity)}`
                : ''}
            </td>
          </tr>
          {a.qualifications.length > 0 ? (
            <tr>
              <th>{t('check.qualifications')}</th>
              <td>
                {a.qualifications
                  .map((q) => `${label('qualifications', q.code)} ${q.from}~${q.to ?? ''}`)
                  .join(sep)}
              </td>
            </tr>
          ) : null}
          {m ? (
            <>
              <tr>
                <th>{t('check.matterType')}</th>
                <td>
                  {label('matterTypes', m.type)} {m.date ?? ''}
                </td>
              </tr>
              {Object.entries(m.figures).map(([code, fen]) => (
                <tr key={code}>
                  <th>{label('figures', code)}</th>
                  <td>
                    <Money fen={fen} exact />
                  </td>
                </tr>
              ))}
              {m.partners.length > 0 ? (
                <tr>
                  <th>{t('check.partners')}</th>
                  <td>
                    {m.partners
                      .map(
                        (p) =>
                          `${p.name ? `${p.name} ` : ''}${label('orgKinds', p.kind)}·${label('cities', p.city)}`,
                      )
                      .join(sep)}
                  </td>
                </tr>
              ) : null}
              {m.challengeLists.length > 0 ? (
                <tr>
                  <th>{t('check.listedTitle')}</th>
                  <td>{m.challengeLists.map((c) => label('challengeLists', c)).join(sep)}</td>
                </tr>
              ) : null}
            </>
          ) : null}
        </tbody>
      </table>
      <h2>
        {t('result.total')}：
        <Ceiling range={result.total} exact={result.granted.every((g) => g.amount === null || g.exact)} />
      </h2>
      {granted.map((g) => {
        const e = evalOf(g.measureId);
        return (
          <div key={g.measureId} className="print-grant">
            <h3>
              {g.measureId} {e?.title} — <Ceiling range={g.amount} exact={g.exact} />
              {g.simulated ? `（${t('result.simulated')}）` : ''}
            </h3>
            {e?.formula ? <p className="mono small">{e.formula}</p> : null}
            {g.displaced.length > 0 ? (
              <p className="small">
                {t('result.displaced')}：{g.displaced.map((d) => d.measureId).join(sep)}
              </p>
            ) : null}
            {e ? (
              <blockquote className="clause small">
                {e.clause.quote}
                <footer>{e.clause.citation}</footer>
              </blockquote>
            ) : null}
          </div>
        );
      })}
      {failed.length > 0 ? (
        <>
          <h2>{t('print.notGranted')}</h2>
          <ul className="small">
            {failed.slice(0, 12).map((e) => (
              <li key={`${e.measureId}|${e.matterId}`}>
                {e.measureId} {e.title}：
                {e.conditions
                  .filter((c) => !c.held)
                  .map((c) => c.label)
                  .join(lang === 'zh' ? '；' : '; ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="small">{t('app.footer')}</p>
    </section>
  );
}

/**
 * Papers beside patents on the technology page: per country the paper share and RCA next to the patent share and
 * RTA, the level with patents, and the commercialization-gap flag with its rule spelled out.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceFlag, EvidenceResponse } from '../../../../src/shared/schemas/patents';
import { getJson } from '../../api-client';
import { useFormats } from '../../format';
import { useCountryName, windowQuery, type WindowState } from '../../standing-api';
import { Missing, Value } from './StandingBits';

type Basis = 'inventor' | 'assignee';

const useEvidence = (techId: string, w: WindowState, basis: Basis) =>
  useQuery({
    queryKey: ['patents', 'evidence', techId, w.country, w.counting, w.from, w.to, basis],
    queryFn: () =>
      getJson<EvidenceResponse>(
        `/api/v1/technologies/${encodeURIComponent(techId)}/evidence?${windowQuery(w, { country: w.country, basis })}`,
      ),
    placeholderData: keepPreviousData,
  });

function Flag({ flag }: { flag: EvidenceFlag }) {
  const { t } = useTranslation();
  return (
    <span className={`badge evidence-flag flag-${flag}`} title={t(`patents.flagHelp.${flag}`)}>
      {t(`patents.flag.${flag}`)}
    </span>
  );
}

export function PatentPanel({ techId, state }: { techId: string; state: WindowState }) {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const [basis, setBasis] = useState<Basis>('inventor');
  const q = useEvidence(techId, state, basis);
  const v = q.data;
  const ko = i18n.language === 'ko';
  if (q.error)
    return (
      <section className="panel" data-testid="patent-panel">
        <h2>{t('patents.title')}</h2>
        <p className="source">{t('patents.loadError')}</p>
      </section>
    );
  if (!v) return null;
  const rows = v.rows.filter((r) => r.works > 0 || r.grants > 0).slice(0, 15);
  const th = v.params.thresholds;
  return (
    <section className="panel" aria-labelledby="patent-title" data-testid="patent-panel">
      <h2 id="patent-title">{t('patents.title')}</h2>
      <p className="source">{t('patents.intro')}</p>
      <label className="inline-control">
        <span>{t('patents.basis')}</span>
        <select value={basis} onChange={(e) => setBasis(e.target.value as Basis)} data-testid="patent-basis">
          <option value="inventor">{t('patents.basisInventor')}</option>
          <option value="assignee">{t('patents.basisAssignee')}</option>
        </select>
      </label>
      {v.home && (
        <p data-testid="patent-home-flag">
          {t('patents.homeFlag', { country: name(v.params.home) })} <Flag flag={v.home.flag} />
        </p>
      )}
      {rows.length === 0 ? (
        <p className="source" data-testid="patent-empty">
          {t('patents.empty')}
        </p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('patents.title')}>
          <table className="data-table" data-testid="patent-table">
            <caption className="source">
              {t('patents.caption', {
                from: v.params.from,
                to: v.params.to,
                counting: ko ? v.papersMethodKo.counting : v.papersMethod.counting,
                basis: ko ? v.patents.methodKo.basis : v.patents.method.basis,
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('standing.col.country')}</th>
                <th scope="col">{t('patents.col.paperShare')}</th>
                <th scope="col">{t('patents.col.rca')}</th>
                <th scope="col">{t('patents.col.patentShare')}</th>
                <th scope="col">{t('patents.col.rta')}</th>
                <th scope="col">{t('patents.col.grants')}</th>
                <th scope="col">{t('patents.col.paperLevel')}</th>
                <th scope="col">{t('patents.col.combinedLevel', { weight: v.params.patentWeight })}</th>
                <th scope="col">{t('patents.col.flag')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.country} className={r.country === v.params.home ? 'home-row' : undefined}>
                  <th scope="row">{name(r.country)}</th>
                  <td className="num">
                    <Value value={r.paperShare} format={f.share} reason={t('patents.missing.noWorks')} />
                  </td>
                  <td className="num">
                    <Value value={r.rca} format={f.ratio} reason={t('patents.missing.noWorks')} />
                  </td>
                  <td className="num">
                    <Value value={r.patentShare} format={f.share} reason={t('patents.missing.noGrants')} />
                  </td>
                  <td className="num">
                    <Value value={r.rta} format={f.ratio} reason={t('patents.missing.noGrants')} />
                  </td>
                  <td className="num">{f.count(r.grants)}</td>
                  <td className="num">
                    <Value value={r.paperLevel} format={f.percent} />
                  </td>
                  <td className="num">
                    <Value value={r.combinedLevel} format={f.percent} />
                  </td>
                  <td>
                    {r.flag === 'mixed' ? (
                      <Missing reason={t('patents.flagHelp.mixed')} />
                    ) : (
                      <Flag flag={r.flag} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="source method-text" data-testid="patent-gap-rule">
        {t('patents.gapRule', {
          strong: th.strongAt,
          weak: th.weakAt,
          minWorks: th.minWorks,
          minGrants: th.minCountryGrants,
        })}
      </p>
      <p className="source method-text">{ko ? v.methodKo.composite : v.method.composite}</p>
      <p className="source method-text">{ko ? v.patents.methodKo.rta : v.patents.method.rta}</p>
      <p className="source method-text">{ko ? v.patents.methodKo.unit : v.patents.method.unit}</p>
      {(ko ? v.notesKo : v.notes).length > 0 && (
        <ul className="notes">
          {(ko ? v.notesKo : v.notes).map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Import of filled templates (CSV or XLSX): all rows valid, or nothing is written and every problem is listed. */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api-client';
import { currentCsrf } from '../../auth-api';

const FILES = ['programmes', 'budgets', 'missions', 'milestones', 'kpis', 'kpiValues'] as const;
type FileKey = (typeof FILES)[number];

const base64 = (buf: ArrayBuffer): string => {
  let s = '';
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

export function ImportPanel() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [files, setFiles] = useState<Partial<Record<FileKey, File>>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [errors, setErrors] = useState<Array<{ location?: string; field: string; message: string }>>([]);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    setErrors([]);
    setFailure(null);
    try {
      const body: Record<string, unknown> = {};
      for (const key of FILES) {
        const f = files[key];
        if (!f) continue;
        body[key] = f.name.toLowerCase().endsWith('.xlsx')
          ? { name: f.name, xlsxBase64: base64(await f.arrayBuffer()) }
          : { name: f.name, csv: await f.text() };
      }
      const csrf = await currentCsrf();
      const res = await fetch('/api/v1/portfolio/import', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
        },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as {
        detail?: string;
        errors?: Array<{ location?: string; field: string; message: string }>;
        programmes?: number;
        budgets?: number;
        missions?: number;
        milestones?: number;
        kpis?: number;
        kpiValues?: number;
      };
      if (!res.ok) {
        setFailure(json.detail ?? `${res.status}`);
        setErrors(json.errors ?? []);
        return;
      }
      setResult(t('portfolio.import.done', json));
      await qc.invalidateQueries({ queryKey: ['portfolio'] });
    } catch (error) {
      setFailure(error instanceof ApiError || error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form panel" onSubmit={(e) => void submit(e)} data-testid="import-form">
      <h2>{t('portfolio.import.title')}</h2>
      <p>{t('portfolio.import.intro')}</p>
      {FILES.map((key) => (
        <label key={key}>
          {t(`portfolio.table.${key === 'kpiValues' ? 'kpi_values' : key}`)}
          <input
            type="file"
            name={key}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFiles((f) => ({ ...f, [key]: e.target.files?.[0] }))}
          />
        </label>
      ))}
      <button type="submit" className="button" disabled={busy || Object.values(files).every((f) => !f)}>
        {t('portfolio.import.submit')}
      </button>
      {result && (
        <p role="status" data-testid="import-result">
          {result}
        </p>
      )}
      {failure && (
        <div className="error" role="alert" data-testid="import-errors">
          <p>{t('portfolio.import.rejected', { detail: failure })}</p>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                {e.location} {e.field}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

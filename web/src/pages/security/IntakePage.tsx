import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { send } from '../../auth-api';
import { RequirePermission } from '../../components/RequirePermission';
import { CASE_TYPES, type CaseView } from '../../security-api';
import { localName, useVersionTree } from '../../taxonomy-api';
import { SecurityNav } from './parts';

const today = () => new Date().toISOString().slice(0, 10);

function IntakeForm() {
  const { t, i18n } = useTranslation();
  const tree = useVersionTree('kr-2022');
  const [caseType, setCaseType] = useState<string>('data-request');
  const [counterpartName, setCounterpartName] = useState('');
  const [counterpartCountry, setCounterpartCountry] = useState('');
  const [funder, setFunder] = useState('');
  const [amount, setAmount] = useState('');
  const [technologyIds, setTechnologyIds] = useState<string[]>([]);
  const [technologyText, setTechnologyText] = useState('');
  const [description, setDescription] = useState('');
  const [undisclosed, setUndisclosed] = useState(false);
  const [receivedOn, setReceivedOn] = useState(today());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<CaseView | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const c = await send<CaseView>('POST', '/api/v1/security/cases', {
        caseType,
        counterpartName,
        counterpartCountry: counterpartCountry.toUpperCase(),
        funder: funder || undefined,
        amountKrw: amount === '' ? undefined : Number(amount),
        technologyIds,
        technologyText: technologyText || undefined,
        description,
        undisclosed,
        receivedOn,
      });
      setSaved(c);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (saved) {
    return (
      <div className="panel" role="status" data-testid="case-saved">
        <h2>{t('security.intake.savedTitle')}</h2>
        <p>
          {t('security.intake.saved')} <strong data-testid="case-reference">{saved.reference}</strong>
        </p>
        <p>
          <Link to={`/security/cases/${saved.reference}`}>{t('security.intake.open')}</Link>
        </p>
      </div>
    );
  }
  const technologies = (tree.data?.fields ?? []).flatMap((field) =>
    field.technologies.map((tech) => ({
      id: tech.id,
      label: `${localName(field, i18n.language)} › ${localName(tech, i18n.language)}`,
    })),
  );
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="intake-form">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label>
        {t('security.field.caseType')}
        <select value={caseType} onChange={(e) => setCaseType(e.target.value)} name="caseType">
          {CASE_TYPES.map((c) => (
            <option key={c} value={c}>
              {t(`security.type.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('security.field.counterpartName')}
        <input
          required
          minLength={2}
          maxLength={300}
          name="counterpartName"
          value={counterpartName}
          onChange={(e) => setCounterpartName(e.target.value)}
        />
      </label>
      <label>
        {t('security.field.counterpartCountry')}
        <input
          required
          name="counterpartCountry"
          pattern="[A-Za-z]{2}"
          maxLength={2}
          placeholder="CN, US, DE …"
          value={counterpartCountry}
          onChange={(e) => setCounterpartCountry(e.target.value)}
        />
      </label>
      <label>
        {t('security.field.funder')}
        <input maxLength={300} name="funder" value={funder} onChange={(e) => setFunder(e.target.value)} />
      </label>
      <label>
        {t('security.field.amountKrw')}
        <input
          type="number"
          min={0}
          step={1}
          name="amountKrw"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <label>
        {t('security.field.technologies')}
        <select
          multiple
          size={8}
          name="technologyIds"
          value={technologyIds}
          onChange={(e) => setTechnologyIds([...e.target.selectedOptions].map((o) => o.value))}
        >
          {technologies.map((tech) => (
            <option key={tech.id} value={tech.id}>
              {tech.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('security.field.technologyText')}
        <input
          maxLength={2000}
          name="technologyText"
          value={technologyText}
          onChange={(e) => setTechnologyText(e.target.value)}
        />
      </label>
      <label>
        {t('security.field.description')}
        <textarea
          required
          minLength={10}
          maxLength={20000}
          rows={6}
          name="description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          name="undisclosed"
          checked={undisclosed}
          onChange={(e) => setUndisclosed(e.target.checked)}
        />
        {t('security.field.undisclosed')}
      </label>
      <label>
        {t('security.field.receivedOn')}
        <input
          type="date"
          required
          name="receivedOn"
          value={receivedOn}
          onChange={(e) => setReceivedOn(e.target.value)}
        />
      </label>
      <p className="source">{t('security.intake.privacy')}</p>
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('system.loading') : t('security.intake.submit')}
      </button>
    </form>
  );
}

export function IntakePage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('security.intake.title')}</h1>
      <p className="intro">{t('security.intake.intro')}</p>
      <RequirePermission permission="security:submit">
        <SecurityNav />
        <IntakeForm />
      </RequirePermission>
    </section>
  );
}

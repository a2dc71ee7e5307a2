// The pricing table (USD per 1M tokens) the dashboards price usage with: edit a model's prices or add one.
// Changes apply to costs recorded from now on and to every "same usage on other models" comparison.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import type { DeskApi } from '../../../../shared/contract';
import type { PriceEntry } from '../../../../shared/usage';
import type { Translate } from '../dashboard/strings';
import { parsePrice, type PriceDraft } from './settings-form';

export function PricingEditor({ api, t }: { api: DeskApi; t: Translate }): ReactElement {
  const [prices, setPrices] = useState<PriceEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [savedModel, setSavedModel] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('pricing.list', {}).then((r) => {
      if (!live) return;
      if (r.ok) setPrices(r.data);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [api]);

  async function save(model: string, draft: PriceDraft): Promise<boolean> {
    setSavedModel(null);
    const parsed = parsePrice(draft);
    if (!parsed.ok) {
      setError(`${model}: ${t(`settings.prices.invalid.${parsed.field}`)}`);
      return false;
    }
    const r = await api.invoke('pricing.set', { model, price: parsed.price });
    if (!r.ok) {
      setError(r.error.message);
      return false;
    }
    setError(null);
    setSavedModel(r.data.model);
    setPrices((list) => {
      const rest = (list ?? []).filter((p) => p.model !== r.data.model);
      return [...rest, r.data].sort((a, b) => (a.role === b.role ? a.model.localeCompare(b.model) : a.role === 'called' ? -1 : 1));
    });
    return true;
  }

  return (
    <fieldset className="pricing" data-testid="pricing">
      <legend>{t('settings.prices')}</legend>
      <p className="settings-hint">{t('settings.pricesHint')}</p>
      {error ? <p role="alert" className="settings-error" data-testid="pricing-error">{error}</p> : null}
      {prices ? (
        <div className="pricing-grid" role="table" aria-label={t('settings.prices')}>
          <div className="pricing-row pricing-head" role="row">
            <span role="columnheader">{t('settings.prices.model')}</span>
            <span role="columnheader">{t('settings.prices.input')}</span>
            <span role="columnheader">{t('settings.prices.cachedInput')}</span>
            <span role="columnheader">{t('settings.prices.output')}</span>
            <span />
          </div>
          {prices.map((p) => (
            <PriceRow key={`${p.model}-${p.updatedAt}`} entry={p} t={t} saved={savedModel === p.model} onSave={(d) => save(p.model, d)} />
          ))}
          <NewPriceRow t={t} onSave={save} />
        </div>
      ) : null}
    </fieldset>
  );
}

function PriceRow(props: { entry: PriceEntry; t: Translate; saved: boolean; onSave: (d: PriceDraft) => Promise<boolean> }): ReactElement {
  const { entry, t } = props;
  const [draft, setDraft] = useState<PriceDraft>({ input: String(entry.input), cachedInput: String(entry.cachedInput), output: String(entry.output) });
  const dirty = draft.input !== String(entry.input) || draft.cachedInput !== String(entry.cachedInput) || draft.output !== String(entry.output);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void props.onSave(draft);
  };
  return (
    <form className="pricing-row" role="row" data-testid="price-row" data-model={entry.model} onSubmit={submit}>
      <span role="cell" title={entry.note || entry.provider}>
        {entry.model}
        {entry.role === 'comparison' ? <small className="pricing-role"> · {t('settings.prices.comparison')}</small> : null}
      </span>
      {(['input', 'cachedInput', 'output'] as const).map((k) => (
        <input
          key={k}
          role="cell"
          inputMode="decimal"
          aria-label={`${entry.model} ${t(`settings.prices.${k}`)}`}
          data-testid={`price-${k}`}
          value={draft[k]}
          onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
        />
      ))}
      <span role="cell">
        {dirty ? <button type="submit" data-testid="price-save">{t('settings.save')}</button> : props.saved ? <small className="settings-saved">{t('settings.saved')}</small> : null}
      </span>
    </form>
  );
}

function NewPriceRow(props: { t: Translate; onSave: (model: string, d: PriceDraft) => Promise<boolean> }): ReactElement {
  const { t } = props;
  const empty: PriceDraft = { input: '', cachedInput: '', output: '' };
  const [model, setModel] = useState('');
  const [draft, setDraft] = useState<PriceDraft>(empty);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!model.trim()) return;
    if (await props.onSave(model.trim(), draft)) {
      setModel('');
      setDraft(empty);
    }
  };
  return (
    <form className="pricing-row pricing-new" role="row" data-testid="price-new" onSubmit={(e) => void submit(e)}>
      <input role="cell" aria-label={t('settings.prices.newModel')} placeholder={t('settings.prices.newModel')} data-testid="price-new-model" value={model} onChange={(e) => setModel(e.target.value)} />
      {(['input', 'cachedInput', 'output'] as const).map((k) => (
        <input key={k} role="cell" inputMode="decimal" aria-label={t(`settings.prices.${k}`)} placeholder="0.00" data-testid={`price-new-${k}`} value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
      ))}
      <span role="cell">
        <button type="submit" disabled={!model.trim()} data-testid="price-add">{t('settings.prices.add')}</button>
      </span>
    </form>
  );
}

// Settings: base URL, model (from /v1/models), write-only API key with "test connection", factual mode,
// connection profile and language (switches the UI at once and is saved).
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import type { z } from 'zod';
import type { ConnectionProfile, DeskApi, InvokeResult, Language, RouteInput, RouteOutput, Settings } from '../../../../shared/contract';
import type { Translate } from '../dashboard/strings';
import { baseUrlProblem, keyStatus, modelOptions, type ModelChoice } from './settings-form';
import { PricingEditor } from './PricingEditor';
import { LANGUAGE_NAMES } from './strings';
import { LOCALES } from '../../i18n';
import './settings.css';

type Profile = z.infer<typeof ConnectionProfile>;
type Lang = z.infer<typeof Language>;
type TestResult = RouteOutput<'settings.testConnection'>;

export interface SettingsScreenProps {
  api: DeskApi;
  t: Translate;
  /** Switches the UI language now (the app's i18n store); the screen also saves it. */
  onLanguage: (lang: Lang) => void;
}

const PROFILES: readonly Profile[] = ['fast', 'mobile', 'auto'];
const LANGS: readonly Lang[] = ['en', 'zh', 'ko'];

export function SettingsScreen({ api, t, onLanguage }: SettingsScreenProps): ReactElement {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [models, setModels] = useState<ModelChoice[]>([]);
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<TestResult | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([api.invoke('settings.get', {}), api.invoke('models.list', {})]).then(([s, m]) => {
      if (!live) return;
      if (s.ok) {
        setSettings(s.data);
        setBaseUrl(s.data.baseUrl);
      } else setError(s.error.message);
      if (m.ok) setModels(m.data);
    });
    return () => {
      live = false;
    };
  }, [api]);

  function finish(r: InvokeResult<Settings>): boolean {
    if (!r.ok) {
      setError(r.error.message);
      return false;
    }
    setSettings(r.data);
    setError(null);
    setSaved(true);
    return true;
  }

  async function apply(patch: RouteInput<'settings.set'>): Promise<boolean> {
    setSaved(false);
    return finish(await api.invoke('settings.set', patch));
  }

  async function applyKey(key: string): Promise<boolean> {
    setSaved(false);
    return finish(await api.invoke('settings.setApiKey', { apiKey: key }));
  }

  async function saveBaseUrl(e: FormEvent): Promise<void> {
    e.preventDefault();
    const problem = baseUrlProblem(baseUrl);
    if (problem) return setError(`${t('settings.baseUrl')}: ${problem}`);
    await apply({ baseUrl: baseUrl.trim() });
  }

  async function saveKey(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!apiKey.trim()) return;
    if (await applyKey(apiKey.trim())) setApiKey('');
  }

  async function testConnection(): Promise<void> {
    setTesting(true);
    setTest(null);
    const r = await api.invoke('settings.testConnection', {});
    setTesting(false);
    setTest(r.ok ? r.data : { ok: false, latencyMs: null, models: [], error: r.error.message });
  }

  function changeLanguage(lang: Lang): void {
    onLanguage(lang);
    void apply({ language: lang });
  }

  if (!settings) {
    return (
      <section className="settings" data-testid="settings">
        <h2>{t('settings.title')}</h2>
        {error ? <p role="alert" className="settings-error">{error}</p> : <p>{t('settings.loading')}</p>}
      </section>
    );
  }

  const status = keyStatus(settings.apiKey);
  const options = modelOptions(models, settings.model, (w) => t('settings.modelWindow', { window: w }), t('settings.modelUnknown'), LOCALES[settings.language]);

  return (
    <section className="settings" data-testid="settings">
      <h2>{t('settings.title')}</h2>
      <div className="settings-status" aria-live="polite">
        {error ? <p role="alert" className="settings-error" data-testid="settings-error">{error}</p> : null}
        {saved && !error ? <p className="settings-saved" data-testid="settings-saved">{t('settings.saved')}</p> : null}
      </div>

      <fieldset>
        <legend>{t('settings.connection')}</legend>
        <form onSubmit={(e) => void saveBaseUrl(e)} className="settings-row">
          <label htmlFor="settings-base-url">{t('settings.baseUrl')}</label>
          <input id="settings-base-url" data-testid="base-url" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} spellCheck={false} />
          <button type="submit" disabled={baseUrl.trim() === settings.baseUrl}>{t('settings.save')}</button>
          <small>{t('settings.baseUrlHint')}</small>
        </form>
        <div className="settings-row">
          <label htmlFor="settings-model">{t('settings.model')}</label>
          <select id="settings-model" data-testid="model" value={settings.model} onChange={(e) => void apply({ model: e.target.value })}>
            {options.map((o) => (
              <option key={o.id} value={o.id}>{o.label}</option>
            ))}
          </select>
        </div>
        <form onSubmit={(e) => void saveKey(e)} className="settings-row" autoComplete="off">
          <label htmlFor="settings-api-key">{t('settings.apiKey')}</label>
          <input
            id="settings-api-key"
            data-testid="api-key"
            type="password"
            value={apiKey}
            placeholder={t('settings.apiKeyPlaceholder')}
            autoComplete="new-password"
            spellCheck={false}
            onChange={(e) => setApiKey(e.target.value)}
          />
          <button type="submit" disabled={!apiKey.trim()} data-testid="save-key">{t('settings.saveKey')}</button>
          {settings.apiKey.set && settings.apiKey.source !== 'env' ? (
            <button type="button" data-testid="clear-key" onClick={() => void applyKey('')}>{t('settings.clearKey')}</button>
          ) : null}
          <small data-testid="api-key-status" className={settings.apiKey.set ? 'key-set' : 'key-unset'}>
            {t(status.key, { source: t(status.sourceKey) })}
          </small>
        </form>
        <div className="settings-row">
          <span />
          <button type="button" data-testid="test-connection" onClick={() => void testConnection()} disabled={testing}>
            {testing ? t('settings.testing') : t('settings.testConnection')}
          </button>
          {test ? (
            <output data-testid="test-result" className={test.ok ? 'test-ok' : 'test-failed'}>
              {test.ok ? t('settings.testOk', { ms: Math.round(test.latencyMs ?? 0), count: test.models.length }) : t('settings.testFailed', { error: test.error ?? '?' })}
            </output>
          ) : null}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('settings.answers')}</legend>
        <label className="settings-check">
          <input type="checkbox" data-testid="factual" checked={settings.factual} onChange={(e) => void apply({ factual: e.target.checked })} />
          {t('settings.factual')}
        </label>
        <div className="settings-row" role="radiogroup" aria-label={t('settings.profile')}>
          <span>{t('settings.profile')}</span>
          <div className="settings-radios">
            {PROFILES.map((p) => (
              <label key={p}>
                <input type="radio" name="profile" value={p} data-testid={`profile-${p}`} checked={settings.profile === p} onChange={() => void apply({ profile: p })} />
                {t(`settings.profile.${p}`)}
              </label>
            ))}
          </div>
        </div>
        <div className="settings-row">
          <label htmlFor="settings-language">{t('settings.language')}</label>
          <select id="settings-language" data-testid="language" value={settings.language} onChange={(e) => changeLanguage(e.target.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>{LANGUAGE_NAMES[l]}</option>
            ))}
          </select>
        </div>
      </fieldset>

      <PricingEditor api={api} t={t} />
    </section>
  );
}

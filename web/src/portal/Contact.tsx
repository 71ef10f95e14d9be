/** How the customer wants to be told of their case: a channel (or none) and a language (issue 11). */
import { useEffect, useState, type FormEvent } from 'react';
import { portalApi, type ContactPreferences } from './api.ts';
import { useT } from './i18n/index.ts';
import { messageOf } from './form-kit.tsx';

export function ContactPreferencesCard({ token }: { token: string }) {
  const { t } = useT();
  const [prefs, setPrefs] = useState<ContactPreferences | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const [lang, setLang] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // A case without a phone or e-mail has no customer to keep preferences for: the card is not shown.
    portalApi.contact(token).then((p) => {
      setPrefs(p);
      setChannel(p.preferred_channel);
      setLang(p.locale);
    }, () => setPrefs(null));
  }, [token]);
  if (!prefs) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    setSaved(false);
    try {
      const next = await portalApi.saveContact(token, { preferred_channel: channel as ContactPreferences['preferred_channel'], locale: lang as ContactPreferences['locale'] });
      setPrefs(next);
      setSaved(true);
    } catch (err) {
      setMessage(messageOf(err, t));
    } finally {
      setBusy(false);
    }
  };
  const channels = (['sms', 'email', 'wechat', 'none'] as const).filter((c) => c !== 'wechat' || prefs.wechat_follower);
  const group = (name: string, legend: string, options: [string, string][], value: string | null, onPick: (v: string) => void) => (
    <fieldset className="p-field">
      <legend>{legend}</legend>
      <div className="p-choices">
        {options.map(([val, label]) => (
          <label key={val} className="p-choice">
            <input type="radio" name={name} value={val} checked={value === val} onChange={() => { onPick(val); setSaved(false); }} />
            <span>{label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
  return (
    <form onSubmit={submit} noValidate className="p-card" data-testid="contact-preferences">
      <h3>{t.contact_title}</h3>
      {message && <p role="alert" className="p-error-box">{message}</p>}
      {group('contact-channel', t.contact_channel, channels.map((c) => [c, t.contact_channels[c]!]), channel, setChannel)}
      {group('contact-locale', t.contact_locale, (['zh-CN', 'en-US'] as const).map((l) => [l, t.contact_locales[l]!]), lang, setLang)}
      {saved && <p role="status" className="p-ok-box">{t.contact_saved}</p>}
      <button type="submit" className="p-secondary" disabled={busy}>{t.contact_submit}</button>
    </form>
  );
}

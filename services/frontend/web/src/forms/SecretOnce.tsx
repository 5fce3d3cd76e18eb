import { useState, type ReactNode } from 'react';

/** A secret shown once, with a button that copies it; the page never shows it again. */
export function SecretOnce({
  title,
  secret,
  onDone,
  children,
}: {
  title: string;
  secret: string;
  onDone?: () => void;
  children?: ReactNode;
}) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="secret" aria-labelledby="secret-title">
      <h2 id="secret-title">{title}</h2>
      <p>Copy it now: it is shown only this once, and Later keeps only its hash.</p>
      <div className="secret-row">
        <code className="secret-value" data-testid="secret">
          {secret}
        </code>
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="hint" role="status">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'Copying was refused: select the key and copy it by hand.'
            : '\u00a0'}
      </p>
      {children}
      {onDone ? (
        <button type="button" className="button-quiet" onClick={onDone}>
          I have stored it
        </button>
      ) : null}
    </section>
  );
}

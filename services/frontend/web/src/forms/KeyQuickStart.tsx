/**
 * What to run with a key just made: a curl line that schedules a first webhook, and the CLI's
 * login line. Both hold the key and this server's address, so they work as pasted.
 */
export function KeyQuickStart({ apiKey }: { apiKey: string }) {
  const origin = window.location.origin;
  const task = JSON.stringify({ channel: 'webhook', webhook: { url: 'https://example.com/hook' }, delay: 'PT1M' });
  const curl = `curl -X POST ${origin}/v1/tasks -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json' -d '${task}'`;
  const cli = `later login --url ${origin} --key ${apiKey}`;
  return (
    <div className="quick-start">
      <p>Schedule a webhook a minute from now (change the URL to yours):</p>
      <pre className="command" data-testid="quick-start-curl">
        <code>{curl}</code>
      </pre>
      <p>
        Or log the <code>later</code> command line in, then run{' '}
        <code>later tasks create --url https://example.com/hook --in 1m</code>:
      </p>
      <pre className="command" data-testid="quick-start-cli">
        <code>{cli}</code>
      </pre>
    </div>
  );
}

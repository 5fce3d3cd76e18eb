import type { Stack } from '../stack.js';
import type { DevCatchers } from './catchers.js';
import type { DevUser } from './devUser.js';

/** What `npm run dev` prints once everything answers: where things are, a key, and a first task that works offline. */
export function devBanner({
  stack,
  catchers,
  user,
  userFile,
}: {
  stack: Stack;
  catchers: DevCatchers;
  user: DevUser;
  userFile: string;
}): string {
  const api = stack.frontendUrl;
  return `
Later is running.
  web UI       ${api}/   (log in as ${user.email}, password in ${userFile})
  public API   ${api}/v1
  outbox       ${api}/outbox   (emails and SMS caught on this machine; GET /v1/dev/outbox)
  inbox        ${catchers.inboxUrl}   (webhooks sent here are kept; GET /v1/dev/inbox)
  schedulers   ${stack.schedulers.map((r) => r.url).join('  ')}
  sender       ${stack.senders.map((r) => r.url).join('  ')}
  API key      ${user.apiKey}

Try it:
  export LATER_KEY=${user.apiKey}
  curl -s ${api}/v1/tasks -H "authorization: Bearer $LATER_KEY" -H 'content-type: application/json' \\
        -d '{"channel":"webhook","webhook":{"url":"${catchers.inboxUrl}/hello","body":{"text":"hello later"}},"delay":"PT10S"}'
  curl -s ${api}/v1/reminders -H "authorization: Bearer $LATER_KEY" -H 'content-type: application/json' \\
        -d '{"text":"that thought worth another look","within":"PT1M"}'
  then watch ${api}/outbox, or: curl -s ${api}/v1/dev/inbox -H "authorization: Bearer $LATER_KEY"

Ctrl-C stops everything; a second Ctrl-C kills it all at once.
`;
}

import { createLaterClient, LaterError } from '../../index.js';
import { ArgumentError, type Command } from '../command.js';
import { configPath, writeLogin } from '../config.js';
import { json } from '../output.js';

const defaultUrl = 'http://localhost:8080';

export const loginCommand: Command = {
  path: ['login'],
  synopsis: '[--url URL] [--key API_KEY]',
  summary: 'Check an API key against Later and store it, with the URL, for the other commands (file mode 0600).',
  options: {
    url: { type: 'string', value: 'URL', description: `where Later is (asked on a terminal; default ${defaultUrl})` },
    key: {
      type: 'string',
      value: 'API_KEY',
      description: 'an API key, lk_... (asked on a terminal; LATER_API_KEY is read too)',
    },
  },
  async run(context, values) {
    let url = (values.url as string | undefined) ?? context.env.LATER_URL;
    let apiKey = (values.key as string | undefined) ?? context.env.LATER_API_KEY;
    if (!url && context.prompt) url = (await context.prompt(`Later URL [${defaultUrl}]: `)).trim() || defaultUrl;
    if (!apiKey && context.prompt) apiKey = (await context.prompt('API key: ', { secret: true })).trim();
    if (!url || !apiKey) throw new ArgumentError('give --url and --key (or run it on a terminal to be asked)');
    url = url.replace(/\/+$/, '');
    // A wrong key or URL is refused now rather than stored and found out at the next command.
    const { data, error, response } = await createLaterClient({ baseUrl: url, apiKey })
      .raw.GET('/v1/me')
      .catch((err: Error) => {
        throw new LaterError(0, `could not reach ${url}: ${err.message}`, [], { cause: err });
      });
    if (!data) throw LaterError.fromAnswer(response.status, error);
    const path = configPath(context.env);
    await writeLogin(path, { url, apiKey });
    context.out.write(
      context.json
        ? json({ url, email: data.email, config: path })
        : `Logged in to ${url} as ${data.email}; saved in ${path}.\n`,
    );
  },
};

export interface Answer {
  status: number;
  headers: Headers;
  // Tests read answers freely; the contract itself is checked by the types package.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface PublicApiClient {
  /** Calls the public API as `key` (null: no Authorization header); a string body is sent as is. */
  call(
    method: string,
    path: string,
    body?: unknown,
    options?: { key?: string | null; headers?: Record<string, string> },
  ): Promise<Answer>;
  /** Signs a new user up and makes them the default caller; returns their id. */
  signup(email: string, password?: string): Promise<string>;
  apiKey: string | null;
}

export function publicApiClient(baseUrl: string): PublicApiClient {
  const client: PublicApiClient = {
    apiKey: null,
    async call(method, path, body, options = {}) {
      const key = options.key === undefined ? client.apiKey : options.key;
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...options.headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      // An event stream never ends by itself: only its status and headers are of use here.
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
        await res.body?.cancel();
        return { status: res.status, headers: res.headers, body: undefined };
      }
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
    async signup(email, password = 'correct horse battery staple') {
      const answer = await client.call('POST', '/v1/signup', { email, password }, { key: null });
      if (answer.status !== 201) throw new Error(`signup failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      client.apiKey = answer.body.apiKey;
      return answer.body.userId as string;
    },
  };
  return client;
}

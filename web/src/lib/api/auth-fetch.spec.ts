import { describe, expect, it } from '@jest/globals';
import { createAuthFetch } from '#lib/api/auth-fetch.ts';
import { memoryTokenStore } from '#lib/api/token-store.ts';

const unauthorized = () =>
  new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'token please', details: [] } }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });

/** A fake Mission Control that accepts one token and records what it was sent. */
function missionControl(accepted: string) {
  const seen: { auth: string | null; body: string }[] = [];
  const fetch = async (request: Request) => {
    const auth = request.headers.get('authorization');
    seen.push({ auth, body: await request.text() });
    return auth === `Bearer ${accepted}` ? new Response('[]', { status: 200 }) : unauthorized();
  };
  return { fetch, seen };
}

/** Answers the prompt from a list; records whether each prompt said "rejected". */
function person(answers: (string | null)[]) {
  const asked: boolean[] = [];
  const askForToken = async (rejected: boolean) => {
    asked.push(rejected);
    return answers.shift() ?? null;
  };
  return { askForToken, asked };
}

const post = () => new Request('http://mc.test/api/stacks', { method: 'POST', body: '{"name":"web"}' });

describe(createAuthFetch.name, () => {
  it('should send the stored token without asking', async () => {
    const server = missionControl('s3cret');
    const you = person([]);
    const authFetch = createAuthFetch({ fetch: server.fetch, tokens: memoryTokenStore('s3cret'), askForToken: you.askForToken });

    const response = await authFetch(post());

    expect(response.status).toBe(200);
    expect(server.seen).toEqual([{ auth: 'Bearer s3cret', body: '{"name":"web"}' }]);
    expect(you.asked).toEqual([]);
  });

  it('should ask on 401, store the token and retry with the same body', async () => {
    const server = missionControl('s3cret');
    const tokens = memoryTokenStore();
    const you = person(['s3cret']);
    const authFetch = createAuthFetch({ fetch: server.fetch, tokens, askForToken: you.askForToken });

    const response = await authFetch(post());

    expect(response.status).toBe(200);
    expect(you.asked).toEqual([false]);
    expect(tokens.get()).toBe('s3cret');
    expect(server.seen).toEqual([
      { auth: null, body: '{"name":"web"}' },
      { auth: 'Bearer s3cret', body: '{"name":"web"}' },
    ]);
  });

  it('should forget a refused token and say so when asking again', async () => {
    const server = missionControl('right');
    const tokens = memoryTokenStore('stale');
    const you = person(['wrong', 'right']);
    const authFetch = createAuthFetch({ fetch: server.fetch, tokens, askForToken: you.askForToken });

    const response = await authFetch(post());

    expect(response.status).toBe(200);
    expect(you.asked).toEqual([true, true]);
    expect(tokens.get()).toBe('right');
  });

  it('should hand the 401 back when the person declines', async () => {
    const server = missionControl('s3cret');
    const tokens = memoryTokenStore();
    const authFetch = createAuthFetch({ fetch: server.fetch, tokens, askForToken: person([null]).askForToken });

    const response = await authFetch(post());

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(tokens.get()).toBeNull();
  });

  it('should share one prompt between calls refused at the same time', async () => {
    const server = missionControl('s3cret');
    const you = person(['s3cret']);
    const authFetch = createAuthFetch({ fetch: server.fetch, tokens: memoryTokenStore(), askForToken: you.askForToken });

    const responses = await Promise.all([authFetch(post()), authFetch(post()), authFetch(post())]);

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(you.asked).toEqual([false]);
  });

  it('should not ask for other 401s or other errors', async () => {
    const fetch = async () => new Response('{"error":{"code":"vault_locked","message":"x","details":[]}}', { status: 401 });
    const you = person(['never']);
    const authFetch = createAuthFetch({ fetch, tokens: memoryTokenStore(), askForToken: you.askForToken });

    expect((await authFetch(post())).status).toBe(401);
    expect(you.asked).toEqual([]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { createAuthFetch } from '#lib/api/auth-fetch.ts';

const unauthorized = () =>
  new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'token please', details: [] } }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });

/**
 * A fake Mission Control that starts a session for one token and then answers requests, as the
 * browser would send them with its cookie. Records every request's Authorization header and body.
 */
function missionControl(accepted: string) {
  let loggedIn = false;
  const seen: { auth: string | null; body: string }[] = [];
  const logins: string[] = [];
  const fetch = async (request: Request) => {
    seen.push({ auth: request.headers.get('authorization'), body: await request.text() });
    return loggedIn ? new Response('[]', { status: 200 }) : unauthorized();
  };
  const startSession = async (token: string) => {
    logins.push(token);
    loggedIn = token === accepted;
    return loggedIn;
  };
  return { fetch, startSession, seen, logins, logIn: () => (loggedIn = true) };
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
  it('should send no Authorization header and not ask while the session lasts', async () => {
    const server = missionControl('s3cret');
    server.logIn();
    const you = person([]);
    const authFetch = createAuthFetch({ fetch: server.fetch, startSession: server.startSession, askForToken: you.askForToken });

    const response = await authFetch(post());

    expect(response.status).toBe(200);
    expect(server.seen).toEqual([{ auth: null, body: '{"name":"web"}' }]);
    expect(you.asked).toEqual([]);
  });

  it('should ask on 401, start a session with the token and retry with the same body and no header', async () => {
    const server = missionControl('s3cret');
    const you = person(['s3cret']);
    const authFetch = createAuthFetch({ fetch: server.fetch, startSession: server.startSession, askForToken: you.askForToken });

    const response = await authFetch(post());

    expect(response.status).toBe(200);
    expect(you.asked).toEqual([false]);
    expect(server.logins).toEqual(['s3cret']);
    expect(server.seen).toEqual([
      { auth: null, body: '{"name":"web"}' },
      { auth: null, body: '{"name":"web"}' },
    ]);
  });

  it('should say the token was refused when asking again', async () => {
    const server = missionControl('right');
    const you = person(['wrong', 'right']);
    const authFetch = createAuthFetch({ fetch: server.fetch, startSession: server.startSession, askForToken: you.askForToken });

    const response = await authFetch(post());

    expect(response.status).toBe(200);
    expect(you.asked).toEqual([false, true]);
    expect(server.logins).toEqual(['wrong', 'right']);
  });

  it('should hand the 401 back when the person declines', async () => {
    const server = missionControl('s3cret');
    const authFetch = createAuthFetch({ fetch: server.fetch, startSession: server.startSession, askForToken: person([null]).askForToken });

    const response = await authFetch(post());

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(server.logins).toEqual([]);
  });

  it('should share one prompt between calls refused at the same time', async () => {
    const server = missionControl('s3cret');
    const you = person(['s3cret']);
    const authFetch = createAuthFetch({ fetch: server.fetch, startSession: server.startSession, askForToken: you.askForToken });

    const responses = await Promise.all([authFetch(post()), authFetch(post()), authFetch(post())]);

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(you.asked).toEqual([false]);
    expect(server.logins).toEqual(['s3cret']);
  });

  it('should ask again after the session ends (logout, revoked token)', async () => {
    const server = missionControl('s3cret');
    const you = person(['s3cret', 's3cret']);
    const authFetch = createAuthFetch({ fetch: server.fetch, startSession: server.startSession, askForToken: you.askForToken });

    await authFetch(post());
    await server.startSession('ended');
    const response = await authFetch(post());

    expect(response.status).toBe(200);
    expect(you.asked).toEqual([false, false]);
  });

  it('should not ask for other 401s or other errors', async () => {
    const fetch = async () => new Response('{"error":{"code":"vault_locked","message":"x","details":[]}}', { status: 401 });
    const you = person(['never']);
    const authFetch = createAuthFetch({ fetch, startSession: async () => true, askForToken: you.askForToken });

    expect((await authFetch(post())).status).toBe(401);
    expect(you.asked).toEqual([]);
  });
});

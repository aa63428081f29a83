import {
  jsonLines,
  parseDfAvailableKb,
  parseEngineResponse,
  parseInfo,
  parseOsRelease,
  parseReplicas,
  parseServerVersion,
  parseTasks,
  scrubJoinTokens,
  swarmState,
  taskName,
  taskState,
  versionAtLeast,
} from './docker-output.js';

// Captured from the test bed (Docker CLI 28.2 against dockerd 20.10.24).
const SERVICE_PS = [
  '{"CurrentState":"Running 12 seconds ago","DesiredState":"Running","Error":"","ID":"k2x9w0yq8v3m","Image":"local/busybox:1","Name":"shop_web.1","Node":"otn1","Ports":""}',
  '{"CurrentState":"Rejected 3 seconds ago","DesiredState":"Shutdown","Error":"No such image: local/nope:1","ID":"p0q1r2s3t4u5","Image":"local/nope:1","Name":" \\\\_ ghost_app.1","Node":"otn2","Ports":""}',
].join('\n');

describe('docker output parsers', () => {
  it('should read one JSON object per line and skip anything else', () => {
    expect(jsonLines('{"a":1}\nWARNING: something\n\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('should read task rows, their state and names without the history marker', () => {
    const [running, rejected] = parseTasks(SERVICE_PS);
    expect(taskState(running)).toBe('running');
    expect(taskName(running)).toBe('shop_web.1');
    expect(taskState(rejected)).toBe('rejected');
    expect(taskName(rejected)).toBe('ghost_app.1');
    expect(rejected.Error).toBe('No such image: local/nope:1');
  });

  it('should read replicas with and without the per-node note', () => {
    expect(parseReplicas('2/3')).toEqual({ running: 2, desired: 3 });
    expect(parseReplicas('1/1 (max 1 per node)')).toEqual({ running: 1, desired: 1 });
    expect(parseReplicas('')).toEqual({ running: 0, desired: 0 });
  });

  it('should read the swarm part of docker info', () => {
    const info = parseInfo(
      '{"ServerVersion":"20.10.24+dfsg1","DockerRootDir":"/var/lib/docker","Swarm":{"NodeID":"abcdefghijklmnopqrstuvwxy","NodeAddr":"10.77.0.11","LocalNodeState":"active","ControlAvailable":true,"Error":"","Cluster":{"ID":"zyxwvutsrqponmlkjihgfedcb"}}}',
    );
    expect(swarmState(info)).toEqual({
      state: 'active',
      nodeId: 'abcdefghijklmnopqrstuvwxy',
      clusterId: 'zyxwvutsrqponmlkjihgfedcb',
      isManager: true,
      nodeAddress: '10.77.0.11',
    });
    const inactive = parseInfo(
      '{"ServerVersion":"24.0.7","DockerRootDir":"/var/lib/docker","Swarm":{"NodeID":"","NodeAddr":"","LocalNodeState":"inactive","ControlAvailable":false,"Error":"","Cluster":null}}',
    );
    expect(swarmState(inactive)).toMatchObject({ state: 'inactive', nodeId: null, clusterId: null, isManager: false });
    expect(() => parseInfo('Cannot connect to the Docker daemon')).toThrow('did not answer with JSON');
  });

  it('should read the daemon version, or null when the daemon does not answer', () => {
    expect(parseServerVersion('{"Client":{"Version":"28.2.2"},"Server":{"Version":"20.10.24+dfsg1"}}')).toBe('20.10.24+dfsg1');
    expect(parseServerVersion('{"Client":{"Version":"28.2.2"},"Server":null}')).toBeNull();
  });

  it('should compare versions numerically', () => {
    expect(versionAtLeast('24.0.7', '24.0')).toBe(true);
    expect(versionAtLeast('20.10.24+dfsg1', '24.0')).toBe(false);
    expect(versionAtLeast('20.10.24+dfsg1', '20.10')).toBe(true);
    expect(versionAtLeast('100.0', '24.0')).toBe(true);
    expect(versionAtLeast('9.0', '24.0')).toBe(false);
  });

  it('should read os-release and df output', () => {
    expect(parseOsRelease('PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\n')).toEqual({
      id: 'ubuntu',
      versionId: '24.04',
      prettyName: 'Ubuntu 24.04.1 LTS',
    });
    expect(
      parseDfAvailableKb('Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 263174212 23012345 83886080 22% /\n'),
    ).toBe(83886080);
    expect(parseDfAvailableKb('df: /nope: No such file or directory')).toBeNull();
  });
});

describe('Engine API responses through curl', () => {
  it('should read a success with an empty body', () => {
    expect(parseEngineResponse('\n200')).toEqual({ status: 200, message: '' });
  });

  it('should read Docker’s own message on an error', () => {
    // the shape dockerd answers POST /v1.41/swarm/join with on a node already in a swarm
    const out =
      '{"message":"This node is already part of a swarm. Use \\"docker swarm leave\\" to leave this swarm and join another one."}\n\n503';
    expect(parseEngineResponse(out)).toEqual({
      status: 503,
      message: 'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.',
    });
  });

  it('should have no status when curl never got an answer', () => {
    expect(parseEngineResponse('\n000')).toEqual({ status: null, message: '' });
    expect(parseEngineResponse('')).toEqual({ status: null, message: '' });
  });

  it('should keep a body that is not JSON as it is', () => {
    expect(parseEngineResponse('Bad Gateway\n502')).toEqual({ status: 502, message: 'Bad Gateway' });
  });
});

describe('scrubJoinTokens', () => {
  const token = 'SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx';
  it('should hide the token given and any other join token', () => {
    expect(scrubJoinTokens(`join failed for ${token}: invalid`, token)).toBe('join failed for [join token]: invalid');
    expect(scrubJoinTokens(`docker swarm join --token ${token} 10.0.0.1:2377`)).toBe(
      'docker swarm join --token [join token] 10.0.0.1:2377',
    );
    expect(scrubJoinTokens('nothing secret here')).toBe('nothing secret here');
  });
});

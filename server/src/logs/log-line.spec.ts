import { LineSplitter, parseLogLine } from './log-line.js';

describe('parseLogLine', () => {
  it('should read task, node, time and message (timestamp after the prefix)', () => {
    expect(parseLogLine('shop_db.1.k2x9w0yq8v3m@otn2    | 2026-11-23T16:34:20.123456789Z db-v1 1795451660')).toEqual({
      task: 'shop_db.1.k2x9w0yq8v3m',
      node: 'otn2',
      time: '2026-11-23T16:34:20.123456789Z',
      message: 'db-v1 1795451660',
    });
  });

  it('should read the timestamp before the prefix too', () => {
    expect(parseLogLine('2026-11-23T16:34:20.1Z shop_db.1.abc@otn1 | hello | world')).toEqual({
      task: 'shop_db.1.abc',
      node: 'otn1',
      time: '2026-11-23T16:34:20.1Z',
      message: 'hello | world',
    });
  });

  it('should keep a line it cannot read as the message', () => {
    expect(parseLogLine('error from daemon in stream')).toEqual({ task: '', node: '', time: null, message: 'error from daemon in stream' });
  });
});

describe(LineSplitter.name, () => {
  it('should hand out whole lines and keep the unfinished one', () => {
    const s = new LineSplitter();
    expect(s.push('a\nb')).toEqual(['a']);
    expect(s.push('c\r\nd\n')).toEqual(['bc', 'd']);
    expect(s.push('tail')).toEqual([]);
    expect(s.flush()).toEqual(['tail']);
  });
});

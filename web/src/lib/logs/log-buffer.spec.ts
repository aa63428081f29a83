import { describe, expect, it } from '@jest/globals';
import { filterLines, LogBuffer, replicaOf, type LogLine } from '#lib/logs/log-buffer.ts';

const line = (n: number, task = 'shop_db.1.x8k2j', message = `db-v1 ${n}`): LogLine => ({
  task,
  node: 'otn1',
  time: `2026-01-18T10:00:${String(n % 60).padStart(2, '0')}.000000000Z`,
  message,
});

describe(replicaOf.name, () => {
  it('should drop the task id and keep service and slot', () => {
    expect(replicaOf('shop_db.1.x8k2jq0w7l3e')).toBe('shop_db.1');
    expect(replicaOf('shop_agent.n3v1d8.q2w3e4')).toBe('shop_agent.n3v1d8');
    expect(replicaOf('')).toBe('');
  });
});

describe(LogBuffer.name, () => {
  it('should keep at most cap lines, dropping the oldest', () => {
    const buffer = new LogBuffer(3);
    buffer.add([line(1), line(2)]);
    buffer.add([line(3), line(4), line(5)]);
    expect(buffer.lines.map((l) => l.message)).toEqual(['db-v1 3', 'db-v1 4', 'db-v1 5']);
  });

  it('should not add a line it already holds, and say how many were new', () => {
    const buffer = new LogBuffer();
    expect(buffer.add([line(1), line(2)])).toBe(2);
    expect(buffer.add([line(2), line(3)])).toBe(1);
    expect(buffer.lines.map((l) => l.message)).toEqual(['db-v1 1', 'db-v1 2', 'db-v1 3']);
  });

  it('should accept a repeat again once the first copy has been dropped', () => {
    const buffer = new LogBuffer(2);
    buffer.add([line(1), line(2), line(3)]);
    expect(buffer.add([line(1)])).toBe(1);
  });

  it('should keep repeated lines that carry no timestamp', () => {
    const buffer = new LogBuffer();
    const bare = { task: 't.1.a', node: 'n', time: null, message: 'same' };
    expect(buffer.add([bare, bare])).toBe(2);
  });

  it('should give every line a growing seq and its replica', () => {
    const buffer = new LogBuffer();
    buffer.add([line(1), line(2, 'shop_db.2.zz')]);
    expect(buffer.lines.map((l) => [l.seq, l.replica])).toEqual([
      [1, 'shop_db.1'],
      [2, 'shop_db.2'],
    ]);
  });

  it('should list replicas in natural order', () => {
    const buffer = new LogBuffer();
    buffer.add([line(1, 'web.10.a'), line(2, 'web.2.b'), line(3, 'web.1.c'), line(4, 'web.2.d')]);
    expect(buffer.replicas()).toEqual(['web.1', 'web.2', 'web.10']);
  });

  it('should forget everything on clear', () => {
    const buffer = new LogBuffer();
    buffer.add([line(1)]);
    buffer.clear();
    expect(buffer.lines).toEqual([]);
    expect(buffer.add([line(1)])).toBe(1);
  });
});

describe(filterLines.name, () => {
  const buffer = new LogBuffer();
  buffer.add([line(1, 'web.1.a', 'GET /health 200'), line(2, 'web.2.b', 'GET /cart 500'), line(3, 'web.1.c', 'POST /CART 201')]);

  it('should keep everything without a filter', () => {
    expect(filterLines(buffer.lines, { replica: '', search: '  ' })).toHaveLength(3);
  });

  it('should filter by replica and by text, ignoring case', () => {
    expect(filterLines(buffer.lines, { replica: 'web.1', search: '' }).map((l) => l.seq)).toEqual([1, 3]);
    expect(filterLines(buffer.lines, { replica: '', search: 'cart' }).map((l) => l.seq)).toEqual([2, 3]);
    expect(filterLines(buffer.lines, { replica: 'web.2', search: 'health' })).toEqual([]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { SseParser } from '#lib/stream/sse.ts';

describe(SseParser.name, () => {
  it('should read named events and skip comments', () => {
    const parser = new SseParser();
    const events = parser.push(': streaming\n\nevent: line\ndata: {"message":"hi"}\n\n: keep-alive\n\n');
    expect(events).toEqual([{ event: 'line', data: '{"message":"hi"}' }]);
  });

  it('should keep an event that arrives in pieces until its blank line', () => {
    const parser = new SseParser();
    expect(parser.push('event: li')).toEqual([]);
    expect(parser.push('ne\ndata: {"a"')).toEqual([]);
    expect(parser.push(':1}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'line', data: '{"a":1}' }]);
  });

  it('should treat \\r\\n split across chunks as one line end', () => {
    const parser = new SseParser();
    expect(parser.push('data: one\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ event: 'message', data: 'one' }]);
  });

  it('should join data lines with newlines and drop only one leading space', () => {
    const parser = new SseParser();
    expect(parser.push('data:  two spaces\ndata:x\n\n')).toEqual([{ event: 'message', data: ' two spaces\nx' }]);
  });

  it('should not send an event without data, nor carry its name to the next one', () => {
    const parser = new SseParser();
    expect(parser.push('event: end\n\ndata: {}\n\n')).toEqual([{ event: 'message', data: '{}' }]);
  });

  it('should accept lone \\r line ends', () => {
    const parser = new SseParser();
    expect(parser.push('event: end\rdata: {}\r\rx')).toEqual([{ event: 'end', data: '{}' }]);
  });
});

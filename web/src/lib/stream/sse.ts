/** One server-sent event: its name (`message` when the stream gave none) and its data. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * The text/event-stream format, chunk by chunk (the WHATWG rules that matter here): lines
 * end in \n, \r\n or \r, a blank line sends the event, `:` starts a comment, `data` lines
 * join with \n and one space after the colon is dropped. EventSource does this itself; a
 * fetch stream (needed to send the Authorization header) does not.
 */
export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];

  push(chunk: string): SseEvent[] {
    this.#buffer += chunk;
    const events: SseEvent[] = [];
    for (;;) {
      const end = this.#buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      // A \r at the very end may be the first half of a \r\n split across chunks.
      if (this.#buffer[end] === '\r' && end === this.#buffer.length - 1) break;
      const line = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(this.#buffer.startsWith('\r\n', end) ? end + 2 : end + 1);
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): SseEvent | null {
    if (line === '') {
      const event = this.#data.length > 0 ? { event: this.#event || 'message', data: this.#data.join('\n') } : null;
      this.#event = '';
      this.#data = [];
      return event;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    return null;
  }
}

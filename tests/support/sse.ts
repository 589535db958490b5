/**
 * Reading a server-sent event stream through supertest: a superagent parser
 * that keeps the text until `marker` arrives (the stream's `ready` event by
 * default), then closes the connection, so a request to GET /api/events
 * completes like any other. Non-200 answers are read to their end and parsed
 * as JSON (problem+json) when they are.
 */
import type { IncomingMessage } from 'node:http';

export function sseUntil(marker = 'event: ready') {
  // superagent hands Node's response to a custom parser (its typings say its own Response).
  return (response: unknown, done: (error: Error | null, body: unknown) => void): void => {
    const res = response as IncomingMessage;
    let text = '';
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      if (res.statusCode === 200) return done(null, text);
      try {
        done(null, JSON.parse(text) as unknown);
      } catch {
        done(null, text);
      }
    };
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      if (res.statusCode === 200 && text.includes(marker)) {
        finish();
        res.destroy();
      }
    });
    res.on('end', finish);
    res.on('close', finish);
  };
}

/** The `event:`/`data:` blocks of a stream's text (comments and `retry:` lines left out). */
export function sseEvents(text: string): Array<{ id?: string; event: string; data: unknown }> {
  return text.split('\n\n').flatMap((block) => {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const at = line.indexOf(': ');
      if (at > 0 && !line.startsWith(':')) fields.set(line.slice(0, at), line.slice(at + 2));
    }
    const event = fields.get('event');
    return event ? [{ id: fields.get('id'), event, data: JSON.parse(fields.get('data') ?? 'null') as unknown }] : [];
  });
}

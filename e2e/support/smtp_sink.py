# An aiosmtpd handler for the e2e suites: every message it accepts is decoded (MIME parts,
# quoted-printable, encoded headers) and written as one JSON file into the folder given on the
# command line, so a test reads what a person's mail client would show.
# Run: PYTHONPATH=e2e/support /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_sink.Sink DIR
import json
import os
import time
from email import message_from_bytes, policy


class Sink:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self.count = 0

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error('smtp_sink.Sink needs one argument: the folder to write messages to')
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        plain = msg.get_body(preferencelist=('plain',))
        html = msg.get_body(preferencelist=('html',))
        record = {
            'mailFrom': envelope.mail_from,
            'rcptTos': envelope.rcpt_tos,
            'subject': str(msg.get('subject', '')),
            'from': str(msg.get('from', '')),
            'to': str(msg.get('to', '')),
            'text': plain.get_content() if plain is not None else None,
            'html': html.get_content() if html is not None else None,
            'receivedAt': time.time(),
        }
        self.count += 1
        name = os.path.join(self.folder, '%d-%03d.json' % (int(time.time() * 1000), self.count))
        # written whole, then renamed: a reader never sees half a message
        with open(name + '.part', 'w', encoding='utf-8') as f:
            json.dump(record, f)
        os.rename(name + '.part', name)
        return '250 Message accepted for delivery'

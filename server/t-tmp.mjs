import ssh2 from 'ssh2'; import fs from 'fs';
const c = new ssh2.Client();
c.on('ready', () => {
  let t=Date.now();
  c.exec('true', (e, ch) => { ch.on('close', () => { console.log('exec ms', Date.now()-t);
    c.exec('sleep 33.21', (e, ch) => { ch.on('close', () => { console.log('closed'); c.end(); }); ch.on('data', ()=>{}); ch.stderr.on('data', ()=>{});
      setTimeout(() => { ch.signal('TERM'); console.log('signalled'); }, 300);
      setTimeout(() => { ch.close(); console.log('close sent'); }, 600);
      setTimeout(() => { c.end(); }, 1500);
    }); }); ch.resume(); });
});
c.connect({ host: '127.0.0.1', port: 52222, username: 'root', privateKey: fs.readFileSync('/tmp/tmp.sXUicWgA09/client') });

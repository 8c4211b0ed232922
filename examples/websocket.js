// k6/ws, the blocking WebSocket API: connect to the demo target's echo endpoint, send text and
// binary messages, ping, use the socket's own timers, and close; k6's ws_* metrics and thresholds.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/websocket.js
import ws from 'k6/ws';
import { check } from 'k6';

const WS_URL = `${(__ENV.BASE_URL || 'http://127.0.0.1:3333').replace(/^http/, 'ws')}/ws/echo`;

export const options = {
  vus: 2,
  iterations: 4,
  thresholds: {
    checks: ['rate==1'],
    ws_sessions: ['count==4'],
    ws_msgs_received: ['count>=12'],
    ws_connecting: ['p(95)<1000'],
  },
};

export default function () {
  const received = [];
  const res = ws.connect(WS_URL, { tags: { endpoint: 'echo' } }, (socket) => {
    socket.on('open', () => {
      socket.send(JSON.stringify({ vu: __VU, iter: __ITER }));
      socket.ping();
      // Send a few more messages on a timer; the socket closes after the last echo arrives.
      let sent = 0;
      socket.setInterval(() => {
        if (sent < 2) socket.send(`tick ${++sent}`);
      }, 20);
    });
    socket.on('message', (message) => {
      received.push(message);
      if (received.length === 3) socket.sendBinary(new Uint8Array([1, 2, 3]).buffer);
    });
    socket.on('binaryMessage', (buffer) => {
      received.push(new Uint8Array(buffer).join(','));
      socket.close();
    });
    socket.on('error', (e) => console.error(`ws error: ${e.error()}`));
    // A safety net: never hold the VU longer than 5 s.
    socket.setTimeout(() => socket.close(), 5000);
  });

  check(res, { 'switched protocols': (r) => r && r.status === 101 });
  check(received, {
    'text echoes': (r) => r.length === 4 && JSON.parse(r[0]).vu === __VU && r[1] === 'tick 1',
    'binary echo': (r) => r[3] === '1,2,3',
  });
}
